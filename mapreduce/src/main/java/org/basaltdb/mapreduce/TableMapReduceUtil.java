package org.basaltdb.mapreduce;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.basaltdb.common.ops.Scan;

/**
 * Sets a job up to read or write Basalt tables, as HBase's {@code TableMapReduceUtil}: the input
 * or output format and its keys, the serializations that let rows and mutations travel between
 * map and reduce, and the jars the tasks need on a cluster ({@link #addDependencyJars}).
 */
public final class TableMapReduceUtil {
  private TableMapReduceUtil() {}

  /**
   * Reads {@code table} with {@code scan} into {@code mapper}, whose output key and value classes
   * are given (null: leave them as they are). Ships the dependency jars.
   */
  public static void initTableMapperJob(String table, Scan scan,
      Class<? extends TableMapper> mapper, Class<?> outputKeyClass, Class<?> outputValueClass,
      Job job) throws IOException {
    initTableMapperJob(table, scan, mapper, outputKeyClass, outputValueClass, job, true);
  }

  public static void initTableMapperJob(String table, Scan scan,
      Class<? extends Mapper> mapper, Class<?> outputKeyClass, Class<?> outputValueClass,
      Job job, boolean addDependencyJars) throws IOException {
    Configuration conf = job.getConfiguration();
    job.setInputFormatClass(TableInputFormat.class);
    if (outputKeyClass != null) {
      job.setMapOutputKeyClass(outputKeyClass);
    }
    if (outputValueClass != null) {
      job.setMapOutputValueClass(outputValueClass);
    }
    job.setMapperClass(mapper);
    conf.set(MapReduceConfig.INPUT_TABLE.name(), table);
    conf.set(MapReduceConfig.SCAN.name(), convertScanToString(scan));
    addSerializations(conf);
    if (addDependencyJars) {
      addDependencyJars(job);
    }
  }

  /**
   * Writes the reducer's {@code Put}s and {@code Delete}s to {@code table}; a null reducer leaves
   * the job's reducer (or its map-only shape) alone. Ships the dependency jars. Hadoop checks map
   * output values against their declared class exactly, so Puts and Deletes mixed cross a
   * shuffle only in a map-only job (each goes straight to the output format), as in HBase.
   */
  public static void initTableReducerJob(String table, Class<? extends Reducer> reducer,
      Job job) throws IOException {
    initTableReducerJob(table, reducer, job, true);
  }

  public static void initTableReducerJob(String table, Class<? extends Reducer> reducer,
      Job job, boolean addDependencyJars) throws IOException {
    Configuration conf = job.getConfiguration();
    job.setOutputFormatClass(TableOutputFormat.class);
    if (reducer != null) {
      job.setReducerClass(reducer);
    }
    conf.set(MapReduceConfig.OUTPUT_TABLE.name(), table);
    job.setOutputKeyClass(ImmutableBytesWritable.class);
    job.setOutputValueClass(org.basaltdb.common.ops.Mutation.class);
    addSerializations(conf);
    if (addDependencyJars) {
      addDependencyJars(job);
    }
  }

  /** Registers {@link ResultSerialization} and {@link MutationSerialization} beside the others. */
  public static void addSerializations(Configuration conf) {
    Set<String> s = new LinkedHashSet<>(Arrays.asList(conf.getStrings("io.serializations",
        "org.apache.hadoop.io.serializer.WritableSerialization")));
    s.add(MutationSerialization.class.getName());
    s.add(ResultSerialization.class.getName());
    conf.setStrings("io.serializations", s.toArray(new String[0]));
  }

  /** The scan in Basalt's scan encoding, for {@code hbase.mapreduce.scan}. */
  public static String convertScanToString(Scan scan) {
    return ScanEncoding.encode(scan);
  }

  public static Scan convertStringToScan(String encoded) throws IOException {
    return ScanEncoding.decode(encoded, "the scan string");
  }

  /**
   * Ships the jars (or class directories) holding Basalt's client and this module, their
   * libraries (Thrift, Guava, SLF4J) and the job's own classes, in {@code tmpjars}, so tasks on
   * a YARN cluster can load them. Hadoop's own jars are already there. On the local job runner
   * ({@code mapreduce.framework.name=local}, Hadoop's default) the tasks share the client's class
   * path, so nothing is added.
   */
  public static void addDependencyJars(Job job) throws IOException {
    if ("local".equals(job.getConfiguration().get("mapreduce.framework.name", "local"))) {
      return;
    }
    List<Class<?>> classes = new ArrayList<>(List.of(
        TableMapReduceUtil.class, // basalt-mapreduce
        org.basaltdb.client.Connection.class, // basalt-client
        org.basaltdb.common.Bytes.class, // basalt-common
        org.basaltdb.thrift.ThriftModel.class, // basalt-thrift-api
        org.apache.thrift.TBase.class, // libthrift
        com.google.common.collect.ImmutableList.class, // guava
        com.google.common.util.concurrent.internal.InternalFutureFailureAccess.class,
        org.slf4j.Logger.class));
    try {
      for (Class<?> c : new Class<?>[] {job.getMapOutputKeyClass(),
          job.getMapOutputValueClass(), job.getOutputKeyClass(), job.getOutputValueClass(),
          job.getInputFormatClass(), job.getOutputFormatClass(), job.getMapperClass(),
          job.getCombinerClass(), job.getReducerClass(), job.getPartitionerClass()}) {
        if (c != null) {
          classes.add(c);
        }
      }
    } catch (ClassNotFoundException e) {
      throw new IOException("a class the job names cannot be loaded: " + e.getMessage(), e);
    }
    addDependencyJarsForClasses(job.getConfiguration(), classes);
  }

  /** Adds the jar holding each class to {@code tmpjars}; a class directory is jarred first. */
  public static void addDependencyJarsForClasses(Configuration conf, List<Class<?>> classes)
      throws IOException {
    Set<String> jars = new LinkedHashSet<>();
    String existing = conf.get("tmpjars");
    if (existing != null && !existing.isEmpty()) {
      jars.addAll(Arrays.asList(existing.split(",")));
    }
    FileSystem local = FileSystem.getLocal(conf);
    for (Class<?> c : classes) {
      String path = containerOf(c);
      if (path == null || c.getName().startsWith("org.apache.hadoop.")) {
        continue; // a JDK class, or Hadoop's (already on every task's class path)
      }
      jars.add(local.makeQualified(new Path(path)).toString());
    }
    if (!jars.isEmpty()) {
      conf.set("tmpjars", String.join(",", jars));
    }
  }

  /** The jar a class was loaded from, or a jar made of its class directory; null for the JDK. */
  static String containerOf(Class<?> c) throws IOException {
    if (c.getProtectionDomain().getCodeSource() == null) {
      return null;
    }
    URL url = c.getProtectionDomain().getCodeSource().getLocation();
    if (url == null) {
      return null;
    }
    File f;
    try {
      f = new File(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot find the jar of " + c.getName() + " at " + url, e);
    }
    return f.isDirectory() ? JarOfDirectory.make(f).getPath() : f.getPath();
  }
}
