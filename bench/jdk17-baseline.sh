#!/usr/bin/env bash
# Builds the node as it was on Java 17, the last commit before the move to Java 25 (P2PSTACK_BASELINE, default
# 0a38c00), into bench/target/jdk17/src with a JDK 17, so that the benchmarks can print the Java 17 figure of the
# same machine beside each Java 25 one. Its own Maven repository (bench/target/jdk17/m2, seeded with hard links
# from ~/.m2 except our own artifacts) keeps its 0.1.0-SNAPSHOT jars apart from the current ones. Built once.
#   bench/jdk17-baseline.sh            build (if not built yet) and print the distribution's path
#   bench/jdk17-baseline.sh ipfs       also run its IPFS benchmark on Java 17
#   bench/jdk17-baseline.sh swarm      also run its swarm benchmark on Java 17
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${P2PSTACK_BASELINE:-0a38c00}"
jdk17="${P2PSTACK_JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
out="bench/target/jdk17"
if [ ! -x "$jdk17/bin/java" ]; then
    echo "The Java 17 comparison needs a JDK 17 at $jdk17 (set P2PSTACK_JDK17)." >&2
    exit 1
fi
if [ ! -f "$out/built-$rev" ]; then
    rm -rf "$out" && mkdir -p "$out/src" "$out/m2"
    git archive "$rev" | tar -x -C "$out/src"
    repo="${HOME}/.m2/repository"
    if [ -d "$repo" ]; then
        cp -al "$repo"/. "$out/m2"/   # hard links: no download and no copy; our own artifacts are built anew
        rm -rf "$out/m2/org/p2pstack"
    fi
    echo "building the Java 17 baseline ($rev) in $out/src ..." >&2
    (cd "$out/src" && JAVA_HOME="$jdk17" mvn -B -q install -DskipTests -DskipITs -Dmaven.repo.local="$PWD/../m2" >&2)
    touch "$out/built-$rev"
fi
case "${1:-}" in
    ipfs)  (cd "$out/src" && JAVA_HOME="$jdk17" mvn -B -q -f bench/ipfs/pom.xml compile exec:java -Dmaven.repo.local="$PWD/../m2") ;;
    swarm) (cd "$out/src" && JAVA_HOME="$jdk17" mvn -B -q -f bench/swarm/pom.xml verify -Pbench -Dmaven.repo.local="$PWD/../m2") ;;
    *)     echo "$out/src/karaf-distro/target/assembly" ;;
esac
