package org.basaltdb.thrift;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.basaltdb.common.Bytes;

/**
 * Small helpers the conversions share: reading byte buffers without disturbing them, strict UTF-8,
 * and IllegalArgumentExceptions that name the offending Thrift field.
 */
final class Wire {
  private Wire() {}

  /** The remaining bytes of {@code b} as a new array (position untouched); null stays null. */
  static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /**
   * The bytes of a binary field as an array the conversion may keep: the buffer's own array
   * when the buffer covers all of it, as every field the server decodes does ({@code Protocols}
   * gives each field an array of its own), otherwise a copy. The generated getters copy every
   * time; a 10-column put paid for 31 extra arrays that way. Null stays null.
   */
  static byte[] array(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0
        && b.remaining() == b.array().length) {
      return b.array();
    }
    return bytes(b);
  }

  static ByteBuffer wrap(byte[] b) {
    return b == null ? null : ByteBuffer.wrap(b);
  }

  /** The cell's value, without copying it first (it may be a slice of an SSTable block). */
  static ByteBuffer valueBuffer(org.basaltdb.common.Cell c) {
    return ByteBuffer.wrap(c.valueArray(), c.valueOffset(), c.valueLength());
  }

  /** {@code value}, or an exception saying that {@code field} is required. */
  static <T> T required(T value, String field) {
    if (value == null) {
      throw new FieldException(field + " is required", null);
    }
    return value;
  }

  /** A required list that must also hold at least one element. */
  static <T> List<T> nonEmpty(List<T> value, String field) {
    if (value == null || value.isEmpty()) {
      throw new FieldException(field + " must hold at least one element", null);
    }
    return value;
  }

  static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new FieldException(field + " must not be negative, got " + value, null);
    }
    return value;
  }

  static long timestamp(long value, String field) {
    if (value < 0) {
      throw new FieldException(field + " must not be negative, got " + value, null);
    }
    return value;
  }

  static int versions(int value, String field) {
    if (value < 1) {
      throw new FieldException(field + " must be at least 1, got " + value, null);
    }
    return value;
  }

  /** Decodes strict UTF-8: malformed input is refused, not replaced. */
  static String utf8(byte[] b, String field) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FieldException(field + " is not valid UTF-8: "
          + Bytes.toStringBinary(b), e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static IllegalArgumentException unsupported(String field, String why) {
    return new FieldException(field + " is not supported by Basalt: " + why, null);
  }

  /**
   * Runs {@code body}; an IllegalArgumentException from the model (a bad family name, a negative
   * timestamp, ...) or from a nested conversion is re-thrown with {@code field} in front, so the
   * message says where it was: {@code "tputs[2]: TPut.columnValues[0]: column family ..."}.
   */
  static <T> T at(String field, Supplier<T> body) {
    try {
      return body.get();
    } catch (IllegalArgumentException e) {
      throw in(field, e);
    }
  }

  /** {@code e} as an error of {@code field}: its message starts with the field's name. */
  static IllegalArgumentException in(String field, IllegalArgumentException e) {
    if (e instanceof FieldException && e.getMessage().startsWith(field)) {
      return e; // already names this field, or one inside it
    }
    return new FieldException(field + ": " + e.getMessage(), e);
  }

  /** A bad argument whose message already starts with the Thrift field it concerns. */
  static final class FieldException extends IllegalArgumentException {
    FieldException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static IllegalArgumentException bad(String field, String problem) {
    return new FieldException(field + " " + problem, null);
  }

  static void at(String field, Runnable body) {
    at(field, () -> {
      body.run();
      return null;
    });
  }
}
