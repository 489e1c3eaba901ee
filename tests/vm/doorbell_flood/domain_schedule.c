/* doorbell_flood's domain schedule: the flooder's window lies between the
 * producer's and the consumer's, so everything it rings is pending when the
 * consumer's window opens. Lengths count 2 ms ticks; one frame is 1000 ms. */
#include <config.h>
#include <object/structures.h>
#include <model/statedata.h>

const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 80 },
    { .domain = 1, .length = 5 },    /* pacer */
    { .domain = 0, .length = 5 },
    { .domain = 2, .length = 130 },  /* producer */
    { .domain = 0, .length = 5 },
    { .domain = 4, .length = 130 },  /* flooder */
    { .domain = 0, .length = 5 },
    { .domain = 3, .length = 135 },  /* consumer */
    { .domain = 0, .length = 5 },
};

const word_t ksDomScheduleLength = sizeof(ksDomSchedule) / sizeof(dschedule_t);
