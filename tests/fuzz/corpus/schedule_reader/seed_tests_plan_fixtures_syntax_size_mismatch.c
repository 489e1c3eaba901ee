const dschedule_t ksDomSchedule[3] = {
    { .domain = 0, .length = 80 },
    { .domain = 1, .length = 420 },
};
