package org.basaltdb.tools.chaos;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;

/**
 * The linked-list table's layout, shared by {@link LinkedListGenerator} and
 * {@link LinkedListVerifier} (after HBase's IntegrationTestBigLinkedList).
 *
 * <p>Row key: 8 random bytes (a node's id, big-endian), so nodes spread evenly over regions
 * pre-split on the first byte. Family {@code meta}: {@code prev} = the 8-byte id of the node this
 * one references (absent on the first node of a list), {@code client} = the writer that wrote it,
 * {@code count} = its 8-byte sequence number in that writer. A node is only written after the
 * node it references was acknowledged, so a reference to a missing row is a lost acknowledged
 * write.
 */
public final class LinkedList {
  public static final byte[] FAMILY = Bytes.toBytes("meta");
  public static final byte[] PREV = Bytes.toBytes("prev");
  public static final byte[] CLIENT = Bytes.toBytes("client");
  public static final byte[] COUNT = Bytes.toBytes("count");
  public static final String DEFAULT_TABLE = "chaos_linked_list";

  private LinkedList() {}

  static byte[] key(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }

  static long id(byte[] key) {
    if (key == null || key.length != 8) {
      throw new IllegalArgumentException("not a linked-list node id (8 bytes): "
          + (key == null ? "null" : Bytes.toStringBinary(key)));
    }
    return ByteBuffer.wrap(key).getLong();
  }

  static String hex(long id) {
    return String.format("%016x", id);
  }

  /** {@code regions - 1} split keys evenly over the first byte of the id. */
  static byte[][] splitKeys(int regions) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 1; i < regions; i++) {
      out.add(new byte[] {(byte) (i * 256 / regions)});
    }
    return out.toArray(new byte[0][]);
  }
}
