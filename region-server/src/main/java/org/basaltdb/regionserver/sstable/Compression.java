package org.basaltdb.regionserver.sstable;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.xerial.snappy.Snappy;

/**
 * Block compression of an SSTable. The codes are written to disk (the block trailer and the file
 * info): never renumber them; a retired code stays here as a comment.
 *
 * <p>Decompression always knows the exact uncompressed size (from the block index) and fails
 * unless the codec produces exactly that many bytes, so a damaged block can never yield a short
 * or over-long buffer. Decoders are the bounds-checking ("safe") variants.
 */
public enum Compression {
  NONE(0) {
    @Override
    byte[] compress(byte[] src, int len) {
      return java.util.Arrays.copyOf(src, len);
    }

    @Override
    void decompress(byte[] src, int off, int len, byte[] dst) throws IOException {
      if (len != dst.length) {
        throw new IOException("stored size " + len + " != raw size " + dst.length);
      }
      System.arraycopy(src, off, dst, 0, len);
    }
  },
  LZ4(1) {
    @Override
    byte[] compress(byte[] src, int len) {
      LZ4Compressor c = Lz4.FACTORY.fastCompressor();
      byte[] out = new byte[c.maxCompressedLength(len)];
      int n = c.compress(src, 0, len, out, 0, out.length);
      return java.util.Arrays.copyOf(out, n);
    }

    @Override
    void decompress(byte[] src, int off, int len, byte[] dst) throws IOException {
      LZ4SafeDecompressor d = Lz4.FACTORY.safeDecompressor();
      int n = d.decompress(src, off, len, dst, 0, dst.length);
      if (n != dst.length) {
        throw new IOException("lz4 produced " + n + " bytes, expected " + dst.length);
      }
    }
  },
  ZSTD(2) {
    @Override
    byte[] compress(byte[] src, int len) {
      byte[] out = new byte[(int) Zstd.compressBound(len)];
      long n = Zstd.compressByteArray(out, 0, out.length, src, 0, len, ZSTD_LEVEL);
      return java.util.Arrays.copyOf(out, (int) n);
    }

    @Override
    void decompress(byte[] src, int off, int len, byte[] dst) throws IOException {
      long n = Zstd.decompressByteArray(dst, 0, dst.length, src, off, len);
      if (n != dst.length) {
        throw new IOException("zstd produced " + n + " bytes, expected " + dst.length);
      }
    }
  },
  SNAPPY(3) {
    @Override
    byte[] compress(byte[] src, int len) throws IOException {
      byte[] out = new byte[Snappy.maxCompressedLength(len)];
      int n = Snappy.rawCompress(src, 0, len, out, 0);
      return java.util.Arrays.copyOf(out, n);
    }

    @Override
    void decompress(byte[] src, int off, int len, byte[] dst) throws IOException {
      // Check the length header first: snappy would otherwise write past dst.
      int declared = Snappy.uncompressedLength(src, off, len);
      if (declared != dst.length) {
        throw new IOException("snappy block declares " + declared + " bytes, expected "
            + dst.length);
      }
      int n = Snappy.uncompress(src, off, len, dst, 0);
      if (n != dst.length) {
        throw new IOException("snappy produced " + n + " bytes, expected " + dst.length);
      }
    }
  };

  /** Zstd's own default level: a good ratio at LZ4-like decode speed. */
  static final int ZSTD_LEVEL = 3;

  private static final Compression[] BY_CODE = new Compression[256];

  static {
    for (Compression c : values()) {
      BY_CODE[c.code] = c;
    }
  }

  /** The persisted code. */
  public final int code;

  Compression(int code) {
    this.code = code;
  }

  /** The compression with this persisted code, or null if the code is unknown. */
  static Compression ofCode(int code) {
    return code >= 0 && code < 256 ? BY_CODE[code] : null;
  }

  /** Compresses {@code src[0, len)} into a new exact-size array. */
  abstract byte[] compress(byte[] src, int len) throws IOException;

  /**
   * Decompresses {@code src[off, off + len)} into all of {@code dst}; throws (IOException or a
   * codec's RuntimeException) unless exactly {@code dst.length} bytes come out.
   */
  abstract void decompress(byte[] src, int off, int len, byte[] dst) throws IOException;

  /** Lazy holder: LZ4's native library loads only when LZ4 is used. */
  private static final class Lz4 {
    static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
  }
}
