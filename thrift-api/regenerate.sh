#!/usr/bin/env bash
# Regenerates the committed Java code of thrift-api from its IDL files.
#
#   thrift-api/regenerate.sh          rewrite src/main/java/org/basaltdb/thrift/generated/
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
# One package per IDL file: hbase.thrift (THBaseService), hbase1.thrift (HBase's Thrift1 Hbase
# service, in generated/thrift1, which the first entry covers), basalt_admin.thrift (BasaltAdmin)
# and basalt_cluster.thrift (the internal RegionServerRpc and MasterRpc).
generated_pkgs=(org/basaltdb/thrift/generated org/basaltdb/thrift/admin org/basaltdb/thrift/cluster)
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

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for idl in "$idl_dir"/*.thrift; do
  thrift --gen "$thrift_opts" -out "$out" "$idl"
done

if [[ "$mode" == check ]]; then
  status=0
  for pkg in "${generated_pkgs[@]}"; do
    diff -r -u "$java_root/$pkg" "$out/$pkg" || status=1
  done
  if [[ $status == 0 ]]; then
    echo "generated code agrees with the IDL"
  else
    echo "generated code differs from the IDL: run thrift-api/regenerate.sh and commit" >&2
    exit 1
  fi
else
  for pkg in "${generated_pkgs[@]}"; do
    rm -rf "${java_root:?}/$pkg"
    mkdir -p "$java_root/$(dirname "$pkg")"
    cp -r "$out/$pkg" "$java_root/$pkg"
  done
  echo "regenerated ${generated_pkgs[*]} from $(ls "$idl_dir"/*.thrift | wc -l) IDL file(s)"
fi
