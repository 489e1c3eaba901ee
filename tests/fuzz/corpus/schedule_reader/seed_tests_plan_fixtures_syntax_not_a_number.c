const dschedule_t ksDomSchedule[] = {
    { .domain = PRODUCER_DOMAIN, .length = 80 },
};
