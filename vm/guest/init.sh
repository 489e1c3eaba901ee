#!/bin/busybox sh
# bulkhead guest init (design section 6). The kernel passes the partition's
# environment from its command line: BULKHEAD_PARTITION,
# BULKHEAD_PLAN_FINGERPRINT, BULKHEAD_CHANNEL_TRANSPORT, and BULKHEAD_DEVICES
# (how many channel devices to wait for). Lines starting "bulkhead-guest:"
# are for the supervisor, which reads the serial console.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
export PATH=/bin
say() { echo "bulkhead-guest: $*"; }
stop() { say "$*"; poweroff -f; }

insmod /lib/modules/uio.ko || stop "error: cannot load uio.ko"
insmod /lib/modules/bulkhead_ivshmem.ko || stop "error: cannot load bulkhead_ivshmem.ko"

# Devices bind in PCI slot order, which the supervisor chose to be the
# channel hand-over order: /dev/uio<i> is hand-over entry i.
want=${BULKHEAD_DEVICES:-0}
i=0
while [ "$i" -lt "$want" ]; do
  tries=0
  while [ ! -c "/dev/uio$i" ]; do
    tries=$((tries + 1))
    [ "$tries" -gt 200 ] && stop "error: channel device /dev/uio$i did not appear ($(dmesg | grep -i ivshmem | tail -n 1))"
    usleep 10000
  done
  i=$((i + 1))
done
[ -c "/dev/uio$want" ] && stop "error: more channel devices than the $want expected"

unset want i tries
say "up"
/bin/partition </dev/null &
program=$!
# The supervisor asks for a clean stop on the serial console (a line
# "bulkhead-stop"): the program gets SIGTERM, runs finalise and exits.
stty -echo </dev/console
while read -r request; do
  [ "$request" = "bulkhead-stop" ] && kill -TERM "$program"
done </dev/console &
wait "$program"
say "partition exited with status $?"
poweroff -f
