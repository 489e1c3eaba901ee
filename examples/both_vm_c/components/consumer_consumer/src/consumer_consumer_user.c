#include "consumer_consumer.h"

// both_vm's consumer as HAMR Microkit C code: the seed's line per value,
// "vmconsumer: Received 8 bits on read_port: [ 0A ]" and an empty line.

void consumer_consumer_initialize(void) {
  printf("%s: initialized\n", microkit_name);
}

void consumer_consumer_timeTriggered(void) {
  int8_t value;
  while (get_read_port(&value)) {
    printf("vmconsumer: Received %d bits on read_port: [ %02X ]\n", 8, (unsigned) (uint8_t) value);
    printf("\n");
  }
}

void consumer_consumer_notify(microkit_channel channel) {
  printf("%s: Unexpected channel %d\n", microkit_name, channel);
}
