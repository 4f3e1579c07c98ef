#!/bin/sh
# I2P benchmark: ./run.sh [--testnet]   (build first: mvn -B install -pl bundles/api,bundles/i2p -DskipTests)
cd "$(dirname "$0")" && exec mvn -B -q compile exec:java -Dexec.args="$*"
