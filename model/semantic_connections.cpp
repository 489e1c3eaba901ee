#include "model/semantic_connections.hpp"

#include "model/text_util.hpp"

#include <unordered_map>
#include <unordered_set>

namespace bulkhead::model {

namespace {

// An end of a declared connection: a feature, or a component that an access
// connection names (`data access shared -> t.req`).
struct Node {
  const FeatureInstance* feature = nullptr;
  const ComponentInstance* component = nullptr;
  bool operator==(const Node&) const = default;
  const ComponentInstance* owner() const { return feature ? feature->owner : component; }
};

struct NodeHash {
  std::size_t operator()(const Node& n) const {
    return std::hash<const void*>()(n.feature) * 31 + std::hash<const void*>()(n.component);
  }
};

struct Edge {
  Node to;
  const ConnectionInstance* connection;
};

bool canSend(const FeatureInstance& f) {
  return f.direction == Direction::Out || f.direction == Direction::InOut || f.direction == Direction::None;
}

bool canReceive(const FeatureInstance& f) {
  return f.direction == Direction::In || f.direction == Direction::InOut || f.direction == Direction::None;
}

// OSATE's connection instances: each starts at an ultimate source and follows
// the declared connections, up out of a component through connections of its
// parent and down into one through its own, to every ultimate destination.
class Tracer {
 public:
  explicit Tracer(Instantiation& instantiation) : instantiation_(instantiation) {}

  void run() {
    for (const ConnectionInstance& c : instantiation_.connections) {
      if (c.declaration->category == ConnectionCategory::Parameter) continue;  // inside call sequences
      auto source = resolveEnd(*c.owner, c.ends->source);
      auto destination = resolveEnd(*c.owner, c.ends->destination);
      if (!source || !destination) continue;  // reported by the declaration checks
      connect(*source, *destination, c, 0);
    }
    if (instantiation_.model.root) visit(*instantiation_.model.root);
  }

 private:
  // Large components have thousands of subcomponents: index them once.
  const ComponentInstance* child(const ComponentInstance& owner, const std::string& name) {
    auto [it, fresh] = children_.try_emplace(&owner);
    if (fresh)
      for (const auto& s : owner.subcomponents) it->second.emplace(toLower(s->name), s.get());
    auto found = it->second.find(toLower(name));
    return found == it->second.end() ? nullptr : found->second;
  }

  // Two feature groups connect member by member (by name, nested groups in turn).
  void connect(const Node& source, const Node& destination, const ConnectionInstance& c, int depth) {
    if (source.feature && destination.feature && !source.feature->members.empty() &&
        !destination.feature->members.empty() && depth < 16) {
      for (const auto& m : source.feature->members)
        if (const FeatureInstance* other = destination.feature->member(m->name))
          connect(Node{m.get(), nullptr}, Node{other, nullptr}, c, depth + 1);
      return;
    }
    edges_[source].push_back({destination, &c});
    if (c.ends->bidirectional) edges_[destination].push_back({source, &c});
    if (destination.feature) fedFrom_[destination.feature].insert(c.owner);
    if (c.ends->bidirectional && source.feature) fedFrom_[source.feature].insert(c.owner);
  }

  // "f", "sub", "sub.f", "fg.member", "sub.fg.member", ... relative to the connection's owner.
  std::optional<Node> resolveEnd(const ComponentInstance& owner, const std::vector<ast::Name>& end) {
    if (end.empty()) return std::nullopt;
    const FeatureInstance* f = owner.feature(end[0].text);
    std::size_t next = 1;
    if (!f || (end.size() > 1 && f->members.empty())) {
      const ComponentInstance* c = child(owner, end[0].text);
      if (!c) return std::nullopt;
      if (end.size() == 1) return Node{nullptr, c};
      f = c->feature(end[1].text);
      next = 2;
    }
    for (; f && next < end.size(); ++next) f = f->member(end[next].text);
    if (!f) return std::nullopt;
    return Node{f, nullptr};
  }

  // The connections that go on from `node` after arriving through a connection of `arrivedIn`.
  std::vector<const Edge*> next(const Node& node, const ComponentInstance* arrivedIn, const ConnectionInstance* via) {
    std::vector<const Edge*> out;
    if (!node.feature) return out;  // a component is always an ultimate end
    const ComponentInstance* c = node.feature->owner;
    // Arriving from inside goes on outside (the parent's connections), and the other way round.
    const ComponentInstance* goesOnIn = arrivedIn == c ? c->parent : c;
    if (!goesOnIn) return out;
    auto it = edges_.find(node);
    if (it == edges_.end()) return out;
    for (const Edge& e : it->second)
      if (e.connection->owner == goesOnIn && e.connection != via) out.push_back(&e);
    return out;
  }

  bool isUltimateSource(const Node& node) {
    auto it = edges_.find(node);
    if (it == edges_.end()) return false;
    if (node.component) return true;
    const FeatureInstance& f = *node.feature;
    const ComponentInstance& c = *f.owner;
    if (!c.parent) return canReceive(f);  // the root system's features bring values in
    if (isPort(f.category) && !canSend(f)) return false;
    // Something inside the component feeds it: the connection starts further in.
    if (auto fed = fedFrom_.find(&f); fed != fedFrom_.end() && fed->second.contains(&c)) return false;
    for (const Edge& e : it->second)
      if (e.connection->owner == c.parent) return true;
    return false;
  }

  void visitFeature(const FeatureInstance& f) {
    if (Node n{&f, nullptr}; isUltimateSource(n)) start(n);
    for (const auto& m : f.members) visitFeature(*m);
  }

  void visit(const ComponentInstance& component) {
    if (Node n{nullptr, &component}; component.parent && isUltimateSource(n)) start(n);
    for (const auto& f : component.features) visitFeature(*f);
    for (const auto& s : component.subcomponents) visit(*s);
  }

  // A port (or directed abstract feature) passes values the way its direction says:
  // into its component from outside, out of it from inside.
  static bool passes(const FeatureInstance& f, bool fromOutside) {
    bool directed = isPort(f.category) || f.category == FeatureCategory::AbstractFeature;
    return !directed || (fromOutside ? canReceive(f) : canSend(f));
  }

  void start(const Node& origin) {
    std::vector<const ConnectionInstance*> path;
    std::unordered_set<Node, NodeHash> seen{origin};
    // The first connection is the parent's (the root's own for the root's features).
    const ComponentInstance* owner = origin.owner();
    const ComponentInstance* firstIn = owner->parent ? owner->parent : owner;
    for (const Edge& e : edges_.find(origin)->second)
      if (e.connection->owner == firstIn) follow(origin, e, path, seen);
  }

  void follow(const Node& origin, const Edge& edge, std::vector<const ConnectionInstance*>& path,
              std::unordered_set<Node, NodeHash>& seen) {
    if (edge.to.feature && !passes(*edge.to.feature, edge.connection->owner != edge.to.feature->owner)) return;
    if (!seen.insert(edge.to).second) return;
    path.push_back(edge.connection);
    auto onward = next(edge.to, edge.connection->owner, edge.connection);
    if (onward.empty()) {
      // A root feature reached from inside is a destination only if it sends out.
      bool intoRoot = edge.to.feature && !edge.to.feature->owner->parent;
      if (!intoRoot || canSend(*edge.to.feature)) record(origin, edge.to, path);
    }
    for (const Edge* e : onward) follow(origin, *e, path, seen);
    path.pop_back();
  }

  void record(const Node& source, const Node& destination, const std::vector<const ConnectionInstance*>& path) {
    SemanticConnection s;
    s.source = source.feature;
    s.sourceComponent = source.component;
    s.destination = destination.feature;
    s.destinationComponent = destination.component;
    s.category = source.feature ? source.feature->category : destination.feature ? destination.feature->category
                                                                                 : FeatureCategory::DataAccess;
    s.connectionCategory = path.front()->declaration->category;
    s.location = ast::toSourceLocation(path.front()->declaration->name.loc);
    for (const ConnectionInstance* c : path) {
      s.declaredConnections.push_back(c->owner->qualifiedName + "." + c->declaration->name.text);
      for (const PropertyAssociation& a : c->properties.associations) s.properties.set(a);
    }
    instantiation_.model.connections.push_back(std::move(s));
  }

  Instantiation& instantiation_;
  std::unordered_map<Node, std::vector<Edge>, NodeHash> edges_;
  // For each feature, the components whose connections lead into it.
  std::unordered_map<const FeatureInstance*, std::unordered_set<const ComponentInstance*>> fedFrom_;
  std::unordered_map<const ComponentInstance*, std::unordered_map<std::string, const ComponentInstance*>> children_;
};

}  // namespace

void resolveSemanticConnections(Instantiation& instantiation, Diagnostics&) { Tracer(instantiation).run(); }

}  // namespace bulkhead::model
