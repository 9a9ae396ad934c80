#!/usr/bin/env bash
# Regenerates the committed Java code of thrift-api from its IDL files, and the examples' Python
# and Node.js client code (examples/python/gen, examples/node/gen).
#
#   thrift-api/regenerate.sh          rewrite src/main/java/org/basaltdb/thrift/generated/ (and
#                                     every package below it) from src/main/thrift/*.thrift, and
#                                     the examples' gen/ directories
#   thrift-api/regenerate.sh --check  generate into a temporary directory and diff against the
#                                     committed code; exit 1 if they differ, 2 if the compiler
#                                     is missing or is not the pinned version.
#
# The compiler is Debian's thrift-compiler; its version must equal libthrift.version in the root
# pom (the generated code calls into that runtime). generated_annotations=suppress keeps dates
# and compiler banners out of the files, so the output depends on the IDL alone.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
idl_dir="$here/src/main/thrift"
java_root="$here/src/main/java"
# One package per IDL file, read from its `namespace java` line, all under generated_root:
# hbase.thrift (THBaseService) -> generated, basalt_admin.thrift (BasaltAdmin) -> generated.admin,
# basalt_cluster.thrift (RegionServerRpc, MasterRpc) -> generated.cluster, hbase1.thrift (HBase's
# Thrift1 Hbase service) -> generated.thrift1, and any IDL added
# later the same way. Hand-written code never lives under generated_root: the whole tree is
# replaced on write and compared on --check.
generated_root="org/basaltdb/thrift/generated"
expected_version="0.17.0"
thrift_opts="java:generated_annotations=suppress"

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! command -v thrift >/dev/null 2>&1; then
  echo "thrift compiler not found; install it with: apt-get install -y thrift-compiler" >&2
  exit 2
fi
version="$(thrift --version | awk '{print $3}')"
if [[ "$version" != "$expected_version" ]]; then
  echo "thrift $version found, but the committed code is made by $expected_version" >&2
  exit 2
fi

generated_pkgs=()
for idl in "$idl_dir"/*.thrift; do
  ns="$(awk '$1 == "namespace" && $2 == "java" {print $3}' "$idl")"
  pkg="${ns//.//}"
  if [[ -z "$ns" || ( "$pkg" != "$generated_root" && "$pkg" != "$generated_root"/* ) ]]; then
    echo "$(basename "$idl"): 'namespace java' must be ${generated_root//\//.} or a package" \
      "below it, found '${ns:-nothing}'" >&2
    exit 1
  fi
  generated_pkgs+=("$pkg")
done

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for idl in "$idl_dir"/*.thrift; do
  thrift --gen "$thrift_opts" -out "$out" "$idl"
done

# The examples' client code, from the client-facing IDLs: Python for Thrift2 and Thrift1
# (examples/python/gen, packages basalt.thrift and basalt.thrift1), Node.js for Thrift2
# (examples/node/gen). The command-line "-remote" scripts are left out.
examples="$(cd "$here/.." && pwd)/examples"
clients=(python/gen node/gen)
mkdir -p "$out/python/gen" "$out/node/gen"
thrift --gen py -out "$out/python/gen" "$idl_dir/hbase.thrift"
thrift --gen py -out "$out/python/gen" "$idl_dir/hbase1.thrift"
find "$out/python/gen" -name '*-remote' -delete
thrift --gen js:node -out "$out/node/gen" "$idl_dir/hbase.thrift"

if [[ "$mode" == check ]]; then
  status=0
  diff -r -u "$java_root/$generated_root" "$out/$generated_root" || status=1
  for c in "${clients[@]}"; do
    diff -r -u -x __pycache__ -x node_modules "$examples/$c" "$out/$c" || status=1
  done
  if [[ $status == 0 ]]; then
    echo "generated code agrees with the IDL"
  else
    echo "generated code differs from the IDL: run thrift-api/regenerate.sh and commit" >&2
    exit 1
  fi
else
  rm -rf "${java_root:?}/$generated_root"
  mkdir -p "$java_root/$(dirname "$generated_root")"
  cp -r "$out/$generated_root" "$java_root/$generated_root"
  for c in "${clients[@]}"; do
    rm -rf "${examples:?}/$c"
    mkdir -p "$(dirname "$examples/$c")"
    cp -r "$out/$c" "$examples/$c"
  done
  echo "regenerated ${generated_pkgs[*]} and examples/{${clients[*]}} from $(ls "$idl_dir"/*.thrift | wc -l) IDL file(s)"
fi
