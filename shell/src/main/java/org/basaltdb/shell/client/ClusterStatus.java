package org.basaltdb.shell.client;

import java.util.List;

/**
 * The cluster as the master sees it, for {@code status} and {@code list_deadservers}; mirrors the
 * client's record of the same name. Server names are {@code host,port,startcode}; regions are
 * encoded names.
 */
public record ClusterStatus(String clusterId, String activeMaster, List<String> backupMasters,
    List<LiveServer> liveServers, List<String> deadServers, boolean balancerOn,
    int regionsInTransition) {
  public ClusterStatus {
    backupMasters = List.copyOf(backupMasters);
    liveServers = List.copyOf(liveServers);
    deadServers = List.copyOf(deadServers);
  }

  /** A live region server and the regions assigned to it. */
  public record LiveServer(String serverName, int regionCount, List<String> regions) {
    public LiveServer {
      regions = List.copyOf(regions);
    }
  }

  public int regionCount() {
    return liveServers.stream().mapToInt(LiveServer::regionCount).sum();
  }

  /** Regions per live server; 0 with no live server. */
  public double averageLoad() {
    return liveServers.isEmpty() ? 0 : (double) regionCount() / liveServers.size();
  }
}
