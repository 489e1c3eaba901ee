#pragma once
// The instance model: what model/ hands downstream (plan/). A tree of
// component instances rooted at the instantiated system implementation,
// the semantic connections thread to thread, and the data classifiers the
// ports carry. All pointers point into the same InstanceModel (owned through
// unique_ptr, so they stay valid when the model is moved).
#include "model/diagnostic.hpp"
#include "model/property_value.hpp"
#include "model/source_location.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::model {

enum class ComponentCategory {
  System, Process, Thread, ThreadGroup, Processor, VirtualProcessor, Memory, Bus,
  VirtualBus, Device, Data, Subprogram, SubprogramGroup, Abstract
};
enum class FeatureCategory {
  DataPort, EventPort, EventDataPort, DataAccess, BusAccess, SubprogramAccess,
  SubprogramGroupAccess, FeatureGroup, Parameter, AbstractFeature
};
enum class Direction { In, Out, InOut, None };  // requires access: In, provides access: Out; None: feature groups

// AADL spelling: "thread group", "event data port", "in out".
std::string_view toString(ComponentCategory category);
std::string_view toString(FeatureCategory category);
std::string_view toString(Direction direction);
bool isPort(FeatureCategory category);

struct ComponentInstance;

// A data classifier carried by a port (or a field of one): its properties
// (Data_Model::Data_Representation, Dimension, Base_Type, Data_Size, ...)
// and, for a data implementation with subcomponents, its record fields.
struct DataClassifier {
  struct Field {
    std::string name;
    const DataClassifier* type = nullptr;  // null when the field has no classifier
    SourceLocation location;
    std::vector<std::int64_t> dimensions;  // an array of the type: `value: data T[4]` (empty: one value)
  };
  std::string qualifiedName;   // "Base_Types::Integer_8", "pkg::Rec.impl"
  PropertyMap properties;      // type, implementation and extends ancestors merged
  std::vector<Field> fields;   // data subcomponents, in declaration order
  SourceLocation location;
};

struct FeatureInstance {
  std::string name;                         // "write_port"
  std::string qualifiedName;                // "top_impl_Instance.producer.producer.write_port"
  FeatureCategory category = FeatureCategory::EventDataPort;
  Direction direction = Direction::In;
  std::string dataClassifierName;           // "Base_Types::Integer_8" or ""
  const DataClassifier* dataClassifier = nullptr;
  PropertyMap properties;                   // Queue_Size, Overflow_Handling_Protocol, ...
  const ComponentInstance* owner = nullptr;
  SourceLocation location;
  // A feature group's features (of its feature group type; `inverse of` flips their directions).
  std::vector<std::unique_ptr<FeatureInstance>> members;
  const FeatureInstance* group = nullptr;   // the enclosing feature group of a member
  // An element of a feature array `p[3]`: its 1-based index (name "p[2]") and the array's size.
  std::vector<std::int64_t> indices;
  std::vector<std::int64_t> arraySizes;

  const FeatureInstance* member(std::string_view name) const;  // case-insensitive
};

struct ComponentInstance {
  ComponentCategory category = ComponentCategory::System;
  std::string name;                         // subcomponent name: "producer" (root: "top_impl_Instance")
  std::string qualifiedName;                // "top_impl_Instance.producer.producer"
  std::string classifierName;               // "pkg::producer_t.i" (type or implementation)
  PropertyMap properties;
  std::vector<std::unique_ptr<FeatureInstance>> features;
  std::vector<std::unique_ptr<ComponentInstance>> subcomponents;
  const ComponentInstance* parent = nullptr;
  SourceLocation location;                  // the subcomponent declaration (root: the implementation)
  // Call sequences of its implementation (`calls cseq: {...}`), by name: what
  // Compute_Entrypoint_Call_Sequence references. Their calls are not run.
  std::vector<std::string> callSequences;
  // An element of a component array `x: process p.i [2][3]`: its 1-based index per
  // dimension (name "x[1][2]", as OSATE names it) and the array's size per dimension.
  std::vector<std::int64_t> indices;
  std::vector<std::int64_t> arraySizes;
  // Where its type or implementation (or an ancestor) declares modes: check
  // and instance accept modes (with a warning); run and sim refuse them.
  std::optional<SourceLocation> modes;

  const PropertyValue* lookup(std::string_view propertySet, std::string_view name) const {
    return properties.lookup(propertySet, name);
  }
  const FeatureInstance* feature(std::string_view name) const;              // case-insensitive
  const ComponentInstance* subcomponent(std::string_view name) const;       // case-insensitive
  // Name relative to the root: "producer.producer" (root: "").
  std::string pathFromRoot() const;
};

enum class ConnectionCategory {
  Port, DataAccess, BusAccess, SubprogramAccess, SubprogramGroupAccess, FeatureGroup, Feature, Parameter
};
std::string_view toString(ConnectionCategory category);  // "port", "data access", ...

// One connection instance as OSATE makes it: from an ultimate source (a
// thread or device port, the feature of a component nothing inside feeds, a
// feature of the root system, or a data/bus/subprogram component an access
// connection names) through any number of boundaries to an ultimate
// destination (where no declared connection goes on).
struct SemanticConnection {
  const FeatureInstance* source = nullptr;            // null when the source is a component
  const FeatureInstance* destination = nullptr;       // null when the destination is a component
  const ComponentInstance* sourceComponent = nullptr;       // access to a data, bus or subprogram component
  const ComponentInstance* destinationComponent = nullptr;
  FeatureCategory category = FeatureCategory::EventDataPort;   // of the feature ends (the source's if it is one)
  ConnectionCategory connectionCategory = ConnectionCategory::Port;
  std::vector<std::string> declaredConnections;  // the declared connections on the way: "top_impl_Instance.c1"
  SourceLocation location;                       // the first declared connection
  PropertyMap properties;                        // properties of the declared connections (last wins)
  // "producer.producer.write_port -> consumer.consumer.read_port"
  std::string name() const;
  std::string sourceName() const;        // qualified instance name of the source end
  std::string destinationName() const;
};

struct InstanceModel {
  std::unique_ptr<ComponentInstance> root;
  std::vector<SemanticConnection> connections;
  // By qualified classifier name, exactly as FeatureInstance::dataClassifierName.
  std::map<std::string, std::unique_ptr<DataClassifier>, std::less<>> dataClassifiers;
  Diagnostics warnings;                          // the load succeeded; these are warnings only

  const DataClassifier* dataClassifier(std::string_view qualifiedName) const;
  // By qualified instance name ("top_impl_Instance.proc"), e.g. a reference property's target.
  const ComponentInstance* findComponent(std::string_view qualifiedName) const;
  // All components of a category, in depth-first declaration order.
  std::vector<const ComponentInstance*> components(ComponentCategory category) const;
};

// The processor a component runs on: its Actual_Processor_Binding (through a
// virtual processor to the processor that hosts it), else the only processor
// of the model; null if there is none, or several and no binding.
const ComponentInstance* boundProcessor(const InstanceModel& model, const ComponentInstance& component);

}  // namespace bulkhead::model
