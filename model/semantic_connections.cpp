#include "model/semantic_connections.hpp"

#include "model/text_util.hpp"

#include <unordered_map>
#include <unordered_set>

namespace bulkhead::model {

namespace {

struct Edge {
  const FeatureInstance* destination;
  const ConnectionInstance* connection;
};

bool isEndpoint(const ComponentInstance& c) {
  return c.category == ComponentCategory::Thread || c.category == ComponentCategory::Device;
}

class Tracer {
 public:
  Tracer(Instantiation& instantiation, Diagnostics& diagnostics)
      : instantiation_(instantiation), diagnostics_(diagnostics) {}

  // Large components have thousands of subcomponents: index them once.
  const FeatureInstance* resolveEnd(const ComponentInstance& owner, const std::vector<ast::Name>& end) {
    if (end.size() == 1) return owner.feature(end[0].text);
    if (end.size() != 2) return nullptr;
    auto [it, fresh] = children_.try_emplace(&owner);
    if (fresh)
      for (const auto& s : owner.subcomponents) it->second.emplace(toLower(s->name), s.get());
    auto child = it->second.find(toLower(end[0].text));
    return child == it->second.end() ? nullptr : child->second->feature(end[1].text);
  }

  void run() {
    for (const ConnectionInstance& c : instantiation_.connections) {
      if (c.declaration->category != ConnectionCategory::Port) continue;  // others are rejected by the checks
      const FeatureInstance* source = resolveEnd(*c.owner, c.declaration->source);
      const FeatureInstance* destination = resolveEnd(*c.owner, c.declaration->destination);
      if (!source || !destination) continue;  // reported by the declaration checks
      edges_[source].push_back({destination, &c});
      if (c.declaration->bidirectional) edges_[destination].push_back({source, &c});
    }
    if (instantiation_.model.root) visit(*instantiation_.model.root);
  }

 private:
  void visit(const ComponentInstance& component) {
    if (isEndpoint(component))
      for (const auto& f : component.features)
        if (isPort(f->category) && (f->direction == Direction::Out || f->direction == Direction::InOut)) {
          std::vector<const ConnectionInstance*> path;
          std::unordered_set<const FeatureInstance*> seen{f.get()};
          trace(*f, *f, path, seen);
        }
    for (const auto& s : component.subcomponents) visit(*s);
  }

  void trace(const FeatureInstance& origin, const FeatureInstance& at, std::vector<const ConnectionInstance*>& path,
             std::unordered_set<const FeatureInstance*>& seen) {
    auto it = edges_.find(&at);
    if (it == edges_.end()) {
      if (&at != &origin && !path.empty() && !(at.owner && isEndpoint(*at.owner))) deadEnd(origin, at, *path.back());
      return;
    }
    for (const Edge& edge : it->second) {
      if (!seen.insert(edge.destination).second) continue;
      path.push_back(edge.connection);
      if (edge.destination->owner && isEndpoint(*edge.destination->owner)) record(origin, *edge.destination, path);
      else trace(origin, *edge.destination, path, seen);
      path.pop_back();
    }
  }

  void record(const FeatureInstance& source, const FeatureInstance& destination,
              const std::vector<const ConnectionInstance*>& path) {
    SemanticConnection s;
    s.source = &source;
    s.destination = &destination;
    s.category = source.category;
    s.connectionCategory = path.front()->declaration->category;
    for (const ConnectionInstance* c : path) {
      s.declaredConnections.push_back(c->owner->qualifiedName + "." + c->declaration->name.text);
      for (const PropertyAssociation& a : c->properties.associations) s.properties.set(a);
    }
    instantiation_.model.connections.push_back(std::move(s));
  }

  void deadEnd(const FeatureInstance& origin, const FeatureInstance& at, const ConnectionInstance& last) {
    if (!reported_.insert(&at).second) return;
    diagnostics_.items.push_back(ast::diagnosticAt(
        Severity::Warning, last.declaration->name.loc,
        "connection '" + last.declaration->name.text + "' from '" + origin.qualifiedName + "' ends at '" +
            at.qualifiedName + "', which is connected to no thread"));
  }

  Instantiation& instantiation_;
  Diagnostics& diagnostics_;
  std::unordered_map<const FeatureInstance*, std::vector<Edge>> edges_;
  std::unordered_set<const FeatureInstance*> reported_;
  std::unordered_map<const ComponentInstance*, std::unordered_map<std::string, const ComponentInstance*>> children_;
};

}  // namespace

void resolveSemanticConnections(Instantiation& instantiation, Diagnostics& diagnostics) {
  Tracer(instantiation, diagnostics).run();
}

}  // namespace bulkhead::model
