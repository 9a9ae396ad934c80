package org.basaltdb.client;

import java.util.List;

/**
 * The cluster as the active master sees it, from {@link Admin#getClusterStatus}. Server names are
 * {@code host,port,startcode}, as {@link Admin#move} takes them; regions are named by their
 * encoded names. Immutable.
 *
 * @param backupMasters masters standing by to take over
 * @param liveServers live region servers, in name order
 * @param deadServers servers whose crash the master handled (or is handling)
 * @param balancerOn whether the periodic balancer is switched on
 * @param regionsInTransition regions being opened, closed, split or merged right now
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

  /** Regions assigned to live servers, all together. */
  public int regionCount() {
    return liveServers.stream().mapToInt(LiveServer::regionCount).sum();
  }

  /** Regions per live server (HBase's "average load"); 0 with no live server. */
  public double averageLoad() {
    return liveServers.isEmpty() ? 0 : (double) regionCount() / liveServers.size();
  }
}
