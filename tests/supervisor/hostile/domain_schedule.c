/* Domain schedule of the hostile test model: a frame of 1000 ticks of
 * Clock_Period (1 ms). Domain 0 is the supervisor's, 1 the pacer's, 2 the
 * producer's, 3 the consumer's, 4-12 one culprit each (70 ms windows). */
#include <config.h>
#include <object/structures.h>
#include <model/statedata.h>

const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 40 },
    { .domain = 1, .length = 10 },    /* pacer */
    { .domain = 0, .length = 10 },
    { .domain = 2, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 3, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 4, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 5, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 6, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 7, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 8, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 9, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 10, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 11, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 12, .length = 70 },
    { .domain = 0, .length = 10 },
    { .domain = 0, .length = 60 },
};

const word_t ksDomScheduleLength = sizeof(ksDomSchedule) / sizeof(dschedule_t);
