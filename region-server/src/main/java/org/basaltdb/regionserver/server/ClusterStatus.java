package org.basaltdb.regionserver.server;

import java.util.List;
import java.util.Map;

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
    int regionsInTransition) {}
