const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 100 },
    { .domain = 2, .length = 200 },
    { .domain = 3, .length = 200 },
};
