const dschedule_t ksDomSchedule[] = {
};
