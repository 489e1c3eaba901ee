#include "bench/model/model_generator.hpp"

namespace bulkhead::bench {

GeneratedModel generateModel(int threads) {
  GeneratedModel m;
  m.processes = threads / 4 < 1 ? 1 : threads / 4;
  m.threads = m.processes * 4;
  m.semanticConnections = m.processes * 2;
  std::string& t = m.text;
  t.reserve(static_cast<std::size_t>(m.processes) * 900 + 4096);
  t += "package bench_model\npublic\n  with Base_Types;\n  with CASE_Scheduling;\n\n";
  t += "  thread sender_t\n    features\n      output: out event data port Base_Types::Integer_32;\n"
       "    properties\n      Dispatch_Protocol => Periodic;\n      Period => 1000 ms;\n"
       "      Compute_Execution_Time => 1 ms .. 2 ms;\n  end sender_t;\n"
       "  thread implementation sender_t.i\n  end sender_t.i;\n\n";
  t += "  thread receiver_t\n    features\n      input: in event data port Base_Types::Integer_32 {Queue_Size => 4;};\n"
       "    properties\n      Dispatch_Protocol => Sporadic;\n      Period => 1000 ms;\n  end receiver_t;\n"
       "  thread implementation receiver_t.i\n  end receiver_t.i;\n\n";
  t += "  thread idle_t\n    properties\n      Dispatch_Protocol => Periodic;\n      Period => 2000 ms;\n"
       "  end idle_t;\n\n";
  for (int i = 0; i < m.processes; ++i) {
    std::string n = std::to_string(i);
    t += "  process proc_" + n + "\n    features\n      output: out event data port Base_Types::Integer_32;\n"
         "      input: in event data port Base_Types::Integer_32;\n    properties\n"
         "      CASE_Scheduling::Domain => " + std::to_string(i + 2) + ";\n  end proc_" + n + ";\n";
    t += "  process implementation proc_" + n + ".i\n    subcomponents\n      s: thread sender_t.i;\n"
         "      r1: thread receiver_t.i;\n      r2: thread receiver_t.i;\n      idle: thread idle_t;\n"
         "    connections\n      c_out: port s.output -> output;\n      c_r1: port input -> r1.input;\n"
         "      c_r2: port input -> r2.input;\n  end proc_" + n + ".i;\n\n";
  }
  t += "  processor cpu\n    properties\n      Frame_Period => 1000 ms;\n      Clock_Period => 1 ms;\n"
       "      CASE_Scheduling::Max_Domain => " + std::to_string(m.processes + 2) + ";\n  end cpu;\n\n";
  t += "  system top\n  end top;\n  system implementation top.i\n    subcomponents\n      cpu: processor cpu;\n";
  for (int i = 0; i < m.processes; ++i) {
    std::string n = std::to_string(i);
    t += "      p" + n + ": process proc_" + n + ".i;\n";
  }
  t += "    connections\n";
  for (int i = 0; i < m.processes; ++i)
    t += "      k" + std::to_string(i) + ": port p" + std::to_string(i) + ".output -> p" +
         std::to_string((i + 1) % m.processes) + ".input;\n";
  t += "  end top.i;\nend bench_model;\n";
  return m;
}

}  // namespace bulkhead::bench
