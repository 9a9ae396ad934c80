package org.basaltdb.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.thrift.generated.admin.TClusterServer;
import org.basaltdb.thrift.generated.admin.TClusterStatus;

/**
 * The cluster as the active master sees it.
 *
 * @param servers live region servers (server name → encoded names of the regions assigned to
 *     it), in name order
 * @param deadServers servers whose crash was handled (or is being handled) by this master
 * @param regionsInTransition regions being opened, closed, split or merged right now
 */
public record ClusterStatus(String clusterId, String activeMaster, List<String> backupMasters,
    Map<String, List<String>> servers, List<String> deadServers, boolean balancerOn,
    int regionsInTransition) {

  /** The wire form, as the master's RPC and a region server's admin service answer it. */
  public TClusterStatus toThrift() {
    List<TClusterServer> wire = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : servers.entrySet()) {
      wire.add(new TClusterServer(e.getKey(), e.getValue().size(),
          new ArrayList<>(e.getValue())));
    }
    return new TClusterStatus(clusterId, activeMaster == null ? "" : activeMaster,
        new ArrayList<>(backupMasters), wire, new ArrayList<>(deadServers), balancerOn,
        regionsInTransition);
  }

  public static ClusterStatus fromThrift(TClusterStatus s) {
    Map<String, List<String>> servers = new LinkedHashMap<>();
    for (TClusterServer cs : s.getServers()) {
      servers.put(cs.getServerName(), List.copyOf(cs.getRegions()));
    }
    return new ClusterStatus(s.getClusterId(), s.getActiveMaster(),
        List.copyOf(s.getBackupMasters()), servers, List.copyOf(s.getDeadServers()),
        s.isBalancerOn(), s.getRegionsInTransition());
  }
}
