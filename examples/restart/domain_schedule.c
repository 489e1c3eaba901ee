/* Static domain schedule for restart: one major frame of 500 ticks of
 * Clock_Period (2 ms) = 1000 ms = Frame_Period. Domain 0 hosts the
 * infrastructure, 1 the pacer, 2 the producer, 3 the consumer. */
#include <config.h>
#include <object/structures.h>
#include <model/statedata.h>

const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 80 },
    { .domain = 1, .length = 5 },    /* pacer */
    { .domain = 0, .length = 5 },
    { .domain = 2, .length = 200 },  /* producer */
    { .domain = 0, .length = 5 },
    { .domain = 3, .length = 200 },  /* consumer */
    { .domain = 0, .length = 5 },
};

const word_t ksDomScheduleLength = sizeof(ksDomSchedule) / sizeof(dschedule_t);
