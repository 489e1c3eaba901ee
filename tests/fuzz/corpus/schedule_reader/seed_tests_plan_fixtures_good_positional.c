// Positional initializers, hex and octal literals, a sized array.
#include <config.h>
#define UNUSED_MACRO(x) \
    ((x) + 1)
const dschedule_t ksDomSchedule[4] = {
    {0, 0x50}, {1, 5U},
    {2, 0620}, /* 400 */
    {3, 15},
};
const word_t ksDomScheduleLength = sizeof(ksDomSchedule) / sizeof(dschedule_t);
