/* Static domain schedule for data_port: one major frame of 500 ticks of
 * Clock_Period (2 ms) = 1000 ms = Frame_Period.  Domain 0 hosts the
 * infrastructure, 1 the pacer, 2 the sensor, 3 the monitor. */
#include <config.h>
#include <object/structures.h>
#include <model/statedata.h>

const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 80 },
    { .domain = 1, .length = 5 },    /* pacer */
    { .domain = 0, .length = 5 },
    { .domain = 2, .length = 200 },  /* sensor */
    { .domain = 0, .length = 5 },
    { .domain = 3, .length = 200 },  /* monitor */
    { .domain = 0, .length = 5 },
};

const word_t ksDomScheduleLength = sizeof(ksDomSchedule) / sizeof(dschedule_t);
