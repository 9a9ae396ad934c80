package org.basaltdb.regionserver.server;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.region.RegionHarness;
import org.basaltdb.regionserver.region.RegionSplitter;
import org.basaltdb.server.layout.SplitFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL's start point is found across SSTables and skips split reference files. */
class PersistedSequenceIdsTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void referencesAreSkippedAndTheParentsFilesCounted() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      for (int i = 0; i < 50; i++) {
        h.region.put(new Put(toBytes(String.format("r%02d", i)))
            .addColumn(toBytes("f"), toBytes("q"), toBytes("v")));
      }
      h.region.close();
      long flushed = h.region.flushedSequenceId();
      List<RegionInfo> d = SplitFiles.daughters(h.info, toBytes("r25"), 10);
      RegionSplitter.writeDaughters(h.fs, h.root, h.info, h.table, d);
      assertEquals(flushed, PersistedSequenceIds.max(h.fs, h.root));
    }
  }
}
