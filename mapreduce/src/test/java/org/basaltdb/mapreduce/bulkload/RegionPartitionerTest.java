package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.junit.jupiter.api.Test;

class RegionPartitionerTest {
  private static int part(RegionPartitioner<Object> p, String row, int n) {
    return p.getPartition(new ImmutableBytesWritable(toBytes(row)), null, n);
  }

  @Test
  void eachRowGoesToTheReducerOfItsRegion() {
    Configuration conf = new Configuration(false);
    RegionPartitioner.setStartKeys(conf, List.of(new byte[0], toBytes("g"), toBytes("p"),
        new byte[] {(byte) 0xff}));
    RegionPartitioner<Object> p = new RegionPartitioner<>();
    p.setConf(conf);
    assertEquals(0, part(p, "", 4));
    assertEquals(0, part(p, "a", 4));
    assertEquals(0, part(p, "fzzz", 4));
    assertEquals(1, part(p, "g", 4), "a start key belongs to its region");
    assertEquals(1, part(p, "o\u00ff", 4));
    assertEquals(2, part(p, "p", 4));
    assertEquals(3, p.getPartition(new ImmutableBytesWritable(new byte[] {(byte) 0xff, 1}),
        null, 4), "keys compare as unsigned bytes");
    assertThrows(IllegalStateException.class, () -> part(p, "z", 2));
  }

  @Test
  void oneRegionTakesEveryRow() {
    Configuration conf = new Configuration(false);
    RegionPartitioner.setStartKeys(conf, List.of(new byte[0]));
    RegionPartitioner<Object> p = new RegionPartitioner<>();
    p.setConf(conf);
    assertEquals(0, part(p, "anything", 1));
  }
}
