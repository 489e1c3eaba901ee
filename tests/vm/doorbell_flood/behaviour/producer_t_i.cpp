#include "producer_t_i.hpp"

void Producer_t_i::initialise() {}

void Producer_t_i::timeTriggered() { put_write_port(static_cast<std::int8_t>(counter_++)); }

void Producer_t_i::finalise() {}
