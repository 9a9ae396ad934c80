package org.basaltdb.shell;

import java.io.IOException;
import org.basaltdb.shell.command.Session;

/** Opens the shell's connection through the Basalt Java client. */
final class ClientConnection {
  private ClientConnection() {}

  static Session.Connector connector(String host, int port) {
    return () -> {
      throw new IOException("the Basalt Java client is not wired in yet (host " + host + ":" + port
          + ")");
    };
  }
}
