#include "producer_producer.h"

// both_vm's producer as HAMR Microkit C code: one Integer_8 per period,
// counting up from 0.

static int8_t counter = 0;

void producer_producer_initialize(void) {
  printf("%s: initialized\n", microkit_name);
}

void producer_producer_timeTriggered(void) {
  put_write_port(&counter);
  counter++;
}

void producer_producer_notify(microkit_channel channel) {
  printf("%s: Unexpected channel %d\n", microkit_name, channel);
}
