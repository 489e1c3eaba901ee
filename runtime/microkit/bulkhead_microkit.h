/* The C ABI between bulkhead's generated C code and its C partition runtime
 * (design section 7a). HAMR Microkit user code never sees this header: it
 * sees the generated `<process>_<thread>.h`, whose functions are generated
 * glue over the tables below.
 *
 * Who defines what:
 *  - the generated glue of each thread (linked with that thread's user code
 *    into one object whose only global definition is the thread's
 *    bulkhead_mk_thread_code) defines the HAMR API (put_/get_/..., printf_,
 *    microkit_name) over the bulkhead_mk_api it is bound to;
 *  - the generated partition file describes the partition (threads, ports,
 *    the C layout of every port's type) and calls bulkhead_mk_partition_main;
 *  - the runtime (C++ inside, this ABI outside) turns the description into
 *    the runtime's PartitionSpec and runs it like any partition program.
 *
 * Plain C11, fixed-width types; no libc beyond <stdarg.h>/<stddef.h>. */
#ifndef BULKHEAD_MICROKIT_H
#define BULKHEAD_MICROKIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Raised whenever a struct below changes; the runtime refuses other versions. */
#define BULKHEAD_MK_ABI_VERSION 1u

/* The kinds of a value's C layout (wire/data_type.hpp's kinds, plus Enum:
 * an AADL enumeration is an unsigned index on the wire, a C enum in memory). */
enum bulkhead_mk_kind {
  BULKHEAD_MK_BOOLEAN = 0,
  BULKHEAD_MK_INTEGER = 1,
  BULKHEAD_MK_UNSIGNED = 2,
  BULKHEAD_MK_FLOAT = 3,
  BULKHEAD_MK_CHARACTER = 4,
  BULKHEAD_MK_STRING = 5,
  BULKHEAD_MK_RECORD = 6,
  BULKHEAD_MK_ARRAY = 7,
  BULKHEAD_MK_ENUM = 8
};

/* Where a value of a port's type lies in C memory, computed by the C
 * compiler (sizeof/offsetof) in the generated partition file. */
struct bulkhead_mk_layout {
  uint32_t kind;                              /* enum bulkhead_mk_kind */
  uint32_t bit_width;                         /* scalars and Enum: bits on the wire */
  uint64_t count;                             /* String: maximum characters; Array: Dimension; Record: fields */
  size_t size;                                /* sizeof the C object (String: maximum + 1) */
  size_t offset;                              /* offsetof within the enclosing record, else 0 */
  const struct bulkhead_mk_layout *children;  /* Record: `count` fields in order; Array: its element */
};

enum bulkhead_mk_direction { BULKHEAD_MK_IN = 0, BULKHEAD_MK_OUT = 1 };
enum bulkhead_mk_category { BULKHEAD_MK_EVENT = 0, BULKHEAD_MK_DATA = 1, BULKHEAD_MK_EVENT_DATA = 2 };
enum bulkhead_mk_overflow { BULKHEAD_MK_DROP_OLDEST = 0, BULKHEAD_MK_DROP_NEWEST = 1, BULKHEAD_MK_ERROR = 2 };
enum bulkhead_mk_dispatch { BULKHEAD_MK_PERIODIC = 0, BULKHEAD_MK_SPORADIC = 1 };

/* A port as the runtime's PortSpec has it (runtime/partition_spec.hpp). */
struct bulkhead_mk_port {
  const char *name;
  uint32_t direction;                     /* enum bulkhead_mk_direction */
  uint32_t category;                      /* enum bulkhead_mk_category */
  uint32_t queue_size;
  const char *data_type;                  /* AADL classifier, "" for event ports */
  int32_t handover;                       /* channel hand-over index, -1 if unconnected */
  uint64_t channel_max_bits;
  uint32_t channel_overflow;              /* enum bulkhead_mk_overflow */
  const struct bulkhead_mk_layout *layout; /* NULL for event ports */
};

/* What the runtime offers one thread's glue; `context` is the thread's. */
struct bulkhead_mk_api {
  /* Out ports: queue `value` (NULL for event ports) for publication at the
   * end of the entry point. */
  bool (*put)(void *context, int32_t port, const void *value);
  /* In ports, dequeued live: event data one element, event one event, data
   * the latest value (true only when new since the last get; `value` keeps
   * the last value otherwise). `dropped` gets what was lost before it. */
  bool (*get)(void *context, int32_t port, void *value, uintmax_t *dropped);
  bool (*is_empty)(void *context, int32_t port);
  /* printf: text is joined and emitted as console lines per '\n'. */
  int (*vprint)(void *context, const char *format, va_list args);
};

typedef void (*bulkhead_mk_entry)(void);

/* Exported by each thread's glue, the one global symbol of its object. */
struct bulkhead_mk_thread_code {
  uint32_t abi_version;
  void (*bind)(const struct bulkhead_mk_api *api, void *context);
  bulkhead_mk_entry initialize;
  bulkhead_mk_entry time_triggered;       /* periodic threads, else NULL */
  const bulkhead_mk_entry *handlers;      /* indexed like the thread's ports; NULL where none */
  void (*notify)(unsigned int channel);
};

struct bulkhead_mk_thread {
  const char *name;                       /* subcomponent name */
  const char *instance_name;              /* "top_impl_Instance.consumer_p_s.consumer" */
  const char *classifier;
  uint32_t dispatch;                      /* enum bulkhead_mk_dispatch */
  int64_t period;                         /* ns; sporadic: minimum inter-arrival */
  uint32_t period_ticks;
  uint32_t port_count;
  const struct bulkhead_mk_port *ports;
  const struct bulkhead_mk_thread_code *code;
};

struct bulkhead_mk_partition {
  uint32_t abi_version;
  const char *name;
  const char *instance_name;
  uint64_t plan_fingerprint;
  uint32_t thread_count;
  const struct bulkhead_mk_thread *threads;
  int32_t period_queue;                   /* hand-over index of the pacer's period queue, -1 if none */
};

/* The partition program's whole life (team contract, runtime/README.md);
 * returns the exit status. */
int bulkhead_mk_partition_main(const struct bulkhead_mk_partition *partition);

/* For a simulation module of C partitions: the model registry
 * (runtime/partition_registry.hpp) of `count` partitions, to be returned by
 * the module's bulkhead_partition_registry(); NULL (and a line on stderr)
 * when they cannot be described. Call once. */
const void *bulkhead_mk_registry(const struct bulkhead_mk_partition *const *partitions, uint32_t count,
                                 uint64_t plan_fingerprint);

#ifdef __cplusplus
}
#endif

#endif /* BULKHEAD_MICROKIT_H */
