const dschedule_t ksDomSchedule[] = {
    { .domain = 0, .length = 80 }, /* the supervisor
};
