/* Static domain schedule for fan_out: one major frame of 500 ticks of
 * Clock_Period (2 ms) = 1000 ms = Frame_Period.  Domain 0 hosts the
 * infrastructure, 1 the pacer, 2 the sender, 3 the logger, 4 the display
 * (a virtual machine, given the longest window). */
#include <config.h>
#include <object/structures.h>
#include <model/statedata.h>

const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 80 },
    { .domain = 1, .length = 5 },    /* pacer */
    { .domain = 0, .length = 5 },
    { .domain = 2, .length = 100 },  /* sender */
    { .domain = 0, .length = 5 },
    { .domain = 3, .length = 100 },  /* logger */
    { .domain = 0, .length = 5 },
    { .domain = 4, .length = 195 },  /* display */
    { .domain = 0, .length = 5 },
};

const word_t ksDomScheduleLength = sizeof(ksDomSchedule) / sizeof(dschedule_t);
