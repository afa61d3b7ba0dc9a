#!/bin/bash
# usage: peak.sh cmd... ; prints wall and peak tree RSS
"$@" > /tmp/nc/peak.out 2>&1 &
pid=$!
peak=0
start=$(date +%s.%N)
while kill -0 $pid 2>/dev/null; do
  pids=$(ps -o pid= --ppid $pid; echo $pid)
  all=$pid; for p in $(ps -e -o pid=,ppid= | awk -v r=$pid '{print}' ); do :; done
  tot=$(ps -e -o pid=,ppid=,rss= | awk -v root=$pid '{p[$1]=$2; r[$1]=$3} END {for (i in p) {j=i; while (j in p && j!=root) j=p[j]; if (j==root) s+=r[i]} print s}')
  [ "$tot" -gt "$peak" ] && peak=$tot
  sleep 0.1
done
wait $pid; rc=$?
end=$(date +%s.%N)
echo "rc=$rc wall=$(echo "$end - $start" | bc) s peak_tree=$((peak/1024)) MB"
