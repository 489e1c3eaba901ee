/* Producer and consumer both in domain 2: 200 ticks = 400 ms. */
const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 295 },
    { .domain = 1, .length = 5 },
    { .domain = 2, .length = 200 },
};
