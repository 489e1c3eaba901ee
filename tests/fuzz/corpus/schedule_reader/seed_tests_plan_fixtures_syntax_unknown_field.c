const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 80 },
    { .domain = 1, .lenght = 5 },
};
