package org.basaltdb.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.shell.client.Admin;
import org.basaltdb.shell.client.ClusterStatus;
import org.basaltdb.shell.client.Connection;
import org.basaltdb.shell.client.ResultScanner;
import org.basaltdb.shell.client.Table;
import org.basaltdb.shell.command.Session;

/**
 * The shell's {@link Connection} over the Basalt Java client ({@code org.basaltdb.client}): plain
 * delegation, the one place the shell meets the client's types.
 */
final class ClientConnection implements Connection {
  private final org.basaltdb.client.Connection conn;
  private final ClientAdmin admin;

  private ClientConnection(org.basaltdb.client.Connection conn) {
    this.conn = conn;
    this.admin = new ClientAdmin(conn.getAdmin());
  }

  /** Opens a connection on first use with {@code conf} (host, ports: {@link ClientConfig}). */
  static Session.Connector connector(Configuration conf) {
    return () -> new ClientConnection(ConnectionFactory.createConnection(conf));
  }

  static Configuration configuration(String host, int port, int adminPort) {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, host);
    ClientConfig.PORT.set(conf, port);
    ClientConfig.ADMIN_PORT.set(conf, adminPort);
    return conf;
  }

  @Override
  public Table getTable(TableName name) {
    org.basaltdb.client.Table t = conn.getTable(name);
    return new Table() {
      @Override
      public TableName getName() {
        return t.getName();
      }

      @Override
      public Result get(Get get) throws IOException {
        return t.get(get);
      }

      @Override
      public void put(Put put) throws IOException {
        t.put(put);
      }

      @Override
      public void delete(Delete delete) throws IOException {
        t.delete(delete);
      }

      @Override
      public ResultScanner getScanner(Scan scan) throws IOException {
        org.basaltdb.client.ResultScanner s = t.getScanner(scan);
        return new ResultScanner() {
          @Override
          public Result next() throws IOException {
            return s.next();
          }

          @Override
          public void close() throws IOException {
            s.close();
          }
        };
      }

      @Override
      public Result increment(Increment inc) throws IOException {
        return t.increment(inc);
      }

      @Override
      public Result append(Append app) throws IOException {
        return t.append(app);
      }

      @Override
      public void close() throws IOException {
        t.close();
      }
    };
  }

  @Override
  public Admin getAdmin() {
    return admin;
  }

  @Override
  public void close() throws IOException {
    admin.close();
    conn.close();
  }

  private record ClientAdmin(org.basaltdb.client.Admin a) implements Admin {
    @Override
    public String getClusterId() throws IOException {
      return a.getClusterId();
    }

    @Override
    public void createTable(TableDescriptor desc, byte[][] splitKeys) throws IOException {
      a.createTable(desc, splitKeys);
    }

    @Override
    public void deleteTable(TableName t) throws IOException {
      a.deleteTable(t);
    }

    @Override
    public void truncateTable(TableName t, boolean preserveSplits) throws IOException {
      a.truncateTable(t, preserveSplits);
    }

    @Override
    public void enableTable(TableName t) throws IOException {
      a.enableTable(t);
    }

    @Override
    public void disableTable(TableName t) throws IOException {
      a.disableTable(t);
    }

    @Override
    public boolean tableExists(TableName t) throws IOException {
      return a.tableExists(t);
    }

    @Override
    public boolean isTableEnabled(TableName t) throws IOException {
      return a.isTableEnabled(t);
    }

    @Override
    public boolean isTableDisabled(TableName t) throws IOException {
      return a.isTableDisabled(t);
    }

    @Override
    public TableDescriptor getDescriptor(TableName t) throws IOException {
      return a.getDescriptor(t);
    }

    @Override
    public List<TableName> listTableNames(Pattern p, boolean includeSystem) throws IOException {
      return a.listTableNames(p, includeSystem);
    }

    @Override
    public List<TableName> listTableNamesByNamespace(String ns) throws IOException {
      return a.listTableNamesByNamespace(ns);
    }

    @Override
    public void addColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException {
      a.addColumnFamily(t, f);
    }

    @Override
    public void deleteColumnFamily(TableName t, byte[] family) throws IOException {
      a.deleteColumnFamily(t, family);
    }

    @Override
    public void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException {
      a.modifyColumnFamily(t, f);
    }

    @Override
    public void createNamespace(NamespaceDescriptor ns) throws IOException {
      a.createNamespace(ns);
    }

    @Override
    public void modifyNamespace(NamespaceDescriptor ns) throws IOException {
      a.modifyNamespace(ns);
    }

    @Override
    public void deleteNamespace(String ns) throws IOException {
      a.deleteNamespace(ns);
    }

    @Override
    public NamespaceDescriptor getNamespaceDescriptor(String ns) throws IOException {
      return a.getNamespaceDescriptor(ns);
    }

    @Override
    public List<NamespaceDescriptor> listNamespaceDescriptors() throws IOException {
      return a.listNamespaceDescriptors();
    }

    @Override
    public List<RegionLocation> getRegions(TableName t) throws IOException {
      return a.getRegions(t);
    }

    @Override
    public RegionLocation locateRegion(TableName t, byte[] row) throws IOException {
      return a.locateRegion(t, row);
    }

    @Override
    public void flush(TableName t) throws IOException {
      a.flush(t);
    }

    @Override
    public void compact(TableName t) throws IOException {
      a.compact(t);
    }

    @Override
    public void majorCompact(TableName t) throws IOException {
      a.majorCompact(t);
    }

    @Override
    public void split(TableName t, byte[] splitKey) throws IOException {
      if (splitKey == null) {
        a.split(t);
      } else {
        a.split(t, splitKey);
      }
    }

    @Override
    public void splitRegion(TableName t, String encodedRegion, byte[] splitKey)
        throws IOException {
      a.splitRegion(t, encodedRegion, splitKey);
    }

    @Override
    public void move(String encodedRegionName, String destServerName) throws IOException {
      a.move(encodedRegionName, destServerName);
    }

    @Override
    public boolean balance() throws IOException {
      return a.balance();
    }

    @Override
    public boolean balancerSwitch(boolean on) throws IOException {
      return a.balancerSwitch(on);
    }

    @Override
    public void mergeRegions(String encodedRegionNameA, String encodedRegionNameB)
        throws IOException {
      a.mergeRegions(encodedRegionNameA, encodedRegionNameB);
    }

    @Override
    public void assign(String encodedRegionName) throws IOException {
      a.assign(encodedRegionName);
    }

    @Override
    public void unassign(String encodedRegionName) throws IOException {
      a.unassign(encodedRegionName);
    }

    @Override
    public List<String> checkConsistency() throws IOException {
      return a.checkConsistency();
    }

    @Override
    public ClusterStatus getClusterStatus() throws IOException {
      org.basaltdb.client.ClusterStatus s = a.getClusterStatus();
      List<ClusterStatus.LiveServer> live = new ArrayList<>(s.liveServers().size());
      for (org.basaltdb.client.ClusterStatus.LiveServer l : s.liveServers()) {
        live.add(new ClusterStatus.LiveServer(l.serverName(), l.regionCount(), l.regions()));
      }
      return new ClusterStatus(s.clusterId(), s.activeMaster(), s.backupMasters(), live,
          s.deadServers(), s.balancerOn(), s.regionsInTransition());
    }

    @Override
    public void close() throws IOException {
      a.close();
    }
  }
}
