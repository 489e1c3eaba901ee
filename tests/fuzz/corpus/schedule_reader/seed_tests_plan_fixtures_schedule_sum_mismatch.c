/* 490 ticks of 2 ms: 10 ticks short of the 1000 ms frame. */
const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 80 },
    { .domain = 1, .length = 5 },
    { .domain = 0, .length = 5 },
    { .domain = 2, .length = 200 },
    { .domain = 3, .length = 200 },
};
