# What bin/bench-bulkload and bin/bench-rowcounter share, sourced by both: the rows they load,
# HBase 2.6.1 standalone beside Basalt, and the /proc readings they time commands with.
# Needs: home (the checkout), dir (the run's directory).

# make_tsv FILE ROWS VALUE_SIZE: FILE (once) with ROWS lines KEY<TAB>VALUE, keys the zero-padded
# indexes 0..ROWS-1 in a scattered order, values VALUE_SIZE bytes (the line's index in 8 digits,
# then random letters). The same seed every time, so both stores get the same rows.
make_tsv() {
  local file=$1 rows=$2 size=$3
  [ -f "$file" ] && return
  echo "making $file ..."
  python3 - "$rows" "$size" > "$file.part" <<'PY'
import random, string, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(20261207)
letters = (string.ascii_letters + string.digits).encode()
pool = bytes(letters[b % len(letters)] for b in rnd.randbytes(8 << 20))
step = 999983 if n % 999983 else 1000003  # coprime with n: i -> i*step mod n is a permutation
fill = size - 8
out = sys.stdout.buffer
for i in range(n):
    k = (i * step) % n
    o = rnd.randrange(len(pool) - fill)
    out.write(b"%010d\t%08d%s\n" % (k, i, pool[o:o + fill]))
PY
  mv "$file.part" "$file"
}

# hbase_setup ZK_PORT MASTER_PORT RS_PORT: HBase 2.6.1's jars in DIR/hbase/lib (from Maven Central
# or ~/.m2 through benchmarks/hbase-bulkload/pom.xml, once), a standalone configuration (local
# filesystem, data under DIR) and HBaseTable compiled; sets hb (DIR/hbase) and hbase_java (the
# java command with HBase's class path and the flags HBase 2.6's bin/hbase gives Java 17).
hbase_setup() {
  local zk=$1 master=$2 rs=$3
  hb="$dir/hbase"
  mkdir -p "$hb/conf" "$hb/classes"
  if [ ! -f "$hb/lib/.complete" ]; then
    echo "copying HBase 2.6.1's jars into $hb/lib ..."
    (mvn -B -q -o -f "$home/benchmarks/hbase-bulkload/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$hb/lib" 2>/dev/null \
      || mvn -B -q -f "$home/benchmarks/hbase-bulkload/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$hb/lib") >&2
    touch "$hb/lib/.complete"
  fi
  cat > "$hb/conf/hbase-site.xml" <<XML
<configuration>
  <property><name>hbase.cluster.distributed</name><value>false</value></property>
  <property><name>hbase.rootdir</name><value>file://$dir/hbase-data</value></property>
  <property><name>hbase.zookeeper.property.dataDir</name><value>$dir/hbase-zk</value></property>
  <property><name>hbase.zookeeper.quorum</name><value>127.0.0.1</value></property>
  <property><name>hbase.zookeeper.property.clientPort</name><value>$zk</value></property>
  <property><name>hbase.master.port</name><value>$master</value></property>
  <property><name>hbase.regionserver.port</name><value>$rs</value></property>
  <property><name>hbase.master.info.port</name><value>-1</value></property>
  <property><name>hbase.regionserver.info.port</name><value>-1</value></property>
  <property><name>hbase.master.ipc.address</name><value>127.0.0.1</value></property>
  <property><name>hbase.regionserver.ipc.address</name><value>127.0.0.1</value></property>
  <property><name>hbase.master.hostname</name><value>127.0.0.1</value></property>
  <property><name>hbase.unsafe.regionserver.hostname</name><value>127.0.0.1</value></property>
  <property><name>hbase.wal.provider</name><value>filesystem</value></property>
  <property><name>hbase.unsafe.stream.capability.enforce</name><value>false</value></property>
  <property><name>hbase.fs.tmp.dir</name><value>$hb/staging</value></property>
  <property><name>hadoop.tmp.dir</name><value>$dir/hadoop</value></property>
</configuration>
XML
  # Job's INFO lines ("Running job", "completed successfully") time HBase's jobs.
  cat > "$hb/conf/log4j.properties" <<'PROPS'
log4j.rootLogger=WARN,console
log4j.logger.org.apache.hadoop.mapreduce.Job=INFO
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.target=System.err
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{2}: %m%n
PROPS
  local hcp
  hcp="$hb/conf:$hb/classes:$(ls "$hb"/lib/*.jar | grep -v tests.jar | tr '\n' ':')"
  hbase_java=("${JAVA:-java}" -XX:+UseG1GC
    -Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true
    --add-modules jdk.unsupported --add-opens java.base/java.nio=ALL-UNNAMED
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports java.security.jgss/sun.security.krb5=ALL-UNNAMED
    --add-exports java.base/sun.net.dns=ALL-UNNAMED --add-exports java.base/sun.net.util=ALL-UNNAMED
    -Djava.net.preferIPv4Stack=true "-Dlog4j.configuration=file:$hb/conf/log4j.properties"
    -cp "$hcp")
  javac -nowarn -d "$hb/classes" -cp "$hcp" "$home/benchmarks/hbase-bulkload/HBaseTable.java"
}

# hbase_create_table TABLE FAMILY SPLIT...: (re)creates TABLE in HBase; the first try waits for
# the master that was just started (pid in hserver) to come up.
hbase_create_table() {
  local tries=0
  until "${hbase_java[@]}" HBaseTable create "$@" > "$dir/hbase-create.log" 2>&1; do
    tries=$((tries + 1))
    if [ $tries = 5 ] || ! kill -0 "$hserver"; then
      echo "HBase table $1 not created:"; tail -20 "$dir/hbase-create.log"; exit 1
    fi
  done
}

# wait_for_standalone LOG PID: until Basalt's standalone (PID, logging to LOG) serves.
wait_for_standalone() {
  for _ in $(seq 120); do
    grep -q 'region server .* started' "$1" && return
    kill -0 "$2" || { cat "$1"; exit 1; }
    sleep 0.5
  done
}

written() { awk '/^write_bytes/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
