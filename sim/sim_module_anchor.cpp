// The one source of every simulation module (sim_module.cmake): the module's
// content comes from the model's <name>_partitions library; a shared object
// needs a source of its own to exist.
