const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 90 },
    { .domain = 1, .length = 5 },
    { .domain = 2, .length = 200 },
    { .domain = 7, .length = 5 },
    { .domain = 3, .length = 200 },
};
