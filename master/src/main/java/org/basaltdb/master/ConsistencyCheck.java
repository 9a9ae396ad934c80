package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.server.layout.RegionLayout;

/**
 * The cluster checked as HBase's {@code hbck} would: every enabled table's key space covered by
 * its regions exactly once, every region open on exactly one live server (asking each server
 * what it has open), and no region directory on disk that meta does not know (retired parents
 * still referenced are known). Reads only; the master runs it under its lock.
 */
final class ConsistencyCheck {
  private final MetaTable meta;
  private final RegionServers servers;
  private final FileSystem fs;
  private final Path root;

  ConsistencyCheck(MetaTable meta, RegionServers servers, FileSystem fs, Path root) {
    this.meta = meta;
    this.servers = servers;
    this.fs = fs;
    this.root = root;
  }

  /** What is wrong, one line each; empty when nothing is. */
  List<String> run() throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> openOn = new HashMap<>();
    for (String s : servers.live()) {
      for (String region : servers.online(s).keySet()) {
        openOn.computeIfAbsent(region, r -> new ArrayList<>()).add(s);
      }
    }
    Set<String> retired = new HashSet<>();
    for (RegionRecord r : meta.retiredRegions()) {
      retired.add(r.info().encodedName());
    }
    for (TableDescriptor t : meta.tables()) {
      boolean enabled = meta.state(t.name()) == TableState.ENABLED;
      byte[] expect = Bytes.EMPTY;
      Set<String> known = new HashSet<>(retired);
      for (RegionRecord r : meta.regions(t.name())) {
        String region = r.info().encodedName();
        known.add(region);
        if (!Bytes.equals(expect, r.info().startKey())) {
          problems.add("table " + t.name() + ": region " + region + " starts at '"
              + Bytes.toStringBinary(r.info().startKey()) + "', not where the one before ends ('"
              + Bytes.toStringBinary(expect) + "')");
        }
        expect = r.info().endKey();
        List<String> where = openOn.getOrDefault(region, List.of());
        if (enabled && where.size() != 1) {
          problems.add("table " + t.name() + ": region " + region + " is open on "
              + (where.isEmpty() ? "no server" : where.size() + " servers " + where));
        } else if (!enabled && !where.isEmpty()) {
          problems.add("disabled table " + t.name() + ": region " + region + " is open on "
              + where);
        }
      }
      if (expect.length != 0) {
        problems.add("table " + t.name() + ": no region covers the keys from '"
            + Bytes.toStringBinary(expect) + "' on");
      }
      Path dir = RegionLayout.tableDir(root, t.name());
      if (fs.exists(dir)) {
        for (FileStatus st : fs.listStatus(dir)) {
          String name = st.getPath().getName();
          if (st.isDirectory() && !name.startsWith(".") && !known.contains(name)) {
            problems.add("table " + t.name() + ": directory " + st.getPath()
                + " belongs to no region in meta");
          }
        }
      }
    }
    return problems;
  }
}
