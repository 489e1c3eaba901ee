const dschedule_t ksDomSchedule[] = {
    { 0, 80, 3 },
};
