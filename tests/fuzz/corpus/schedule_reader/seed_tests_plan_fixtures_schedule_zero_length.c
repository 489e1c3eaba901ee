const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 95 },
    { .domain = 1, .length = 5 },
    { .domain = 0, .length = 0 },
    { .domain = 2, .length = 200 },
    { .domain = 3, .length = 200 },
};
