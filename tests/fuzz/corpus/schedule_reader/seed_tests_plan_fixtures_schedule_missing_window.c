/* The consumer's domain 3 never gets a window. */
const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 295 },
    { .domain = 1, .length = 5 },
    { .domain = 2, .length = 200 },
};
