#include "model/semantic_connections.hpp"

#include "model/arrays.hpp"
#include "model/connection_patterns.hpp"
#include "model/text_util.hpp"

#include <map>
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

bool isAccess(const FeatureInstance& f) {
  return f.category == FeatureCategory::DataAccess || f.category == FeatureCategory::BusAccess ||
         f.category == FeatureCategory::SubprogramAccess || f.category == FeatureCategory::SubprogramGroupAccess;
}

bool canReceive(const FeatureInstance& f) {
  return f.direction == Direction::In || f.direction == Direction::InOut || f.direction == Direction::None;
}

// OSATE's connection instances: each starts at an ultimate source and follows
// the declared connections, up out of a component through connections of its
// parent and down into one through its own, to every ultimate destination.
class Tracer {
 public:
  Tracer(Instantiation& instantiation, Diagnostics& diagnostics)
      : instantiation_(instantiation), diagnostics_(diagnostics) {}

  void run() {
    for (const ConnectionInstance& c : instantiation_.connections) {
      if (c.declaration->category == ConnectionCategory::Parameter) continue;  // inside call sequences
      EndSet source = resolveEnds(*c.owner, c.ends->source);
      EndSet destination = resolveEnds(*c.owner, c.ends->destination);
      if (source.elements.empty() || destination.elements.empty()) continue;  // reported by the declaration checks
      connectElements(c, source, destination);
    }
    if (instantiation_.model.root) visit(*instantiation_.model.root);
  }

 private:
  // The elements a connection end names: one, or every element of the arrays on its
  // way. Sizes and indices run from the end up, as Connection_Pattern counts them.
  struct EndSet {
    std::vector<std::pair<Node, ArrayIndices>> elements;
    std::vector<std::int64_t> sizes;
  };

  // Large components have thousands of subcomponents: index them once (by declared name:
  // an array's elements share one).
  const std::vector<const ComponentInstance*>* children(const ComponentInstance& owner, const std::string& name) {
    auto [it, fresh] = children_.try_emplace(&owner);
    if (fresh)
      for (const auto& s : owner.subcomponents) it->second[toLower(declaredName(s->name))].push_back(s.get());
    auto found = it->second.find(toLower(name));
    return found == it->second.end() ? nullptr : &found->second;
  }

  static std::vector<const FeatureInstance*> featuresNamed(const std::vector<std::unique_ptr<FeatureInstance>>& list,
                                                           std::string_view name) {
    std::vector<const FeatureInstance*> out;
    for (const auto& f : list)
      if (equalsIgnoreCase(declaredName(f->name), name)) out.push_back(f.get());
    return out;
  }

  // Pairs the elements of both ends by Connection_Pattern (each of its lists), or
  // OSATE's default; a single element at each end connects directly.
  void connectElements(const ConnectionInstance& c, const EndSet& source, const EndSet& destination) {
    const PropertyValue* patterns = c.properties.lookup("Communication_Properties", "Connection_Pattern");
    if (source.sizes.empty() && destination.sizes.empty()) {
      if (patterns)
        diagnostics_.items.push_back(ast::diagnosticAt(Severity::Warning, c.declaration->name.loc,
                                                       "Connection_Pattern of connection '" + c.declaration->name.text +
                                                           "' is ignored: it joins no array elements"));
      connect(source.elements.front().first, destination.elements.front().first, c, 0);
      return;
    }
    if (const PropertyValue* set = c.properties.lookup("Communication_Properties", "Connection_Set")) {
      connectSet(c, *set, source, destination);
      return;
    }
    std::vector<std::vector<std::string>> lists;
    if (patterns)
      for (const PropertyValue& list : patterns->elements) {
        lists.emplace_back();
        for (const PropertyValue& e : list.elements) lists.back().push_back(e.text);
      }
    if (lists.empty()) lists.emplace_back();
    std::map<ArrayIndices, Node> sources, destinations;
    for (const auto& [node, indices] : source.elements) sources.emplace(indices, node);
    for (const auto& [node, indices] : destination.elements) destinations.emplace(indices, node);
    for (const auto& list : lists) {
      auto pairs = pairArrayElements(source.sizes, destination.sizes, list);
      if (!pairs) {
        diagnostics_.items.push_back(ast::diagnosticAt(Severity::Error, c.declaration->name.loc,
                                                       "connection '" + c.declaration->name.text + "' in '" +
                                                           c.owner->qualifiedName + "': " + pairs.error()));
        return;
      }
      for (const auto& [from, to] : *pairs) {
        auto s = sources.find(from), d = destinations.find(to);
        if (s != sources.end() && d != destinations.end()) connect(s->second, d->second, c, 0);
      }
    }
  }

  // Connection_Set: the pairs of elements written out ([src => (1); dst => (1, 2);]), each
  // index tuple as Connection_Pattern counts the dimensions; it replaces the pattern.
  void connectSet(const ConnectionInstance& c, const PropertyValue& set, const EndSet& source,
                  const EndSet& destination) {
    std::map<ArrayIndices, Node> sources, destinations;
    for (const auto& [node, indices] : source.elements) sources.emplace(indices, node);
    for (const auto& [node, indices] : destination.elements) destinations.emplace(indices, node);
    auto indicesOf = [](const PropertyValue* list) {
      ArrayIndices out;
      if (list)
        for (const PropertyValue& e : list->elements) out.push_back(e.asInteger().value_or(0));
      return out;
    };
    auto text = [](const ArrayIndices& indices) {
      std::string out;
      for (std::int64_t i : indices) out += (out.empty() ? "" : ", ") + std::to_string(i);
      return "(" + out + ")";
    };
    // An end that is no array is its single element, which OSATE numbers (1).
    auto single = [](const EndSet& end, const ArrayIndices& indices) {
      return end.sizes.empty() && indices == ArrayIndices{1} ? ArrayIndices{} : indices;
    };
    for (const PropertyValue& pair : set.elements) {
      ArrayIndices from = indicesOf(pair.field("src")), to = indicesOf(pair.field("dst"));
      auto s = sources.find(single(source, from)), d = destinations.find(single(destination, to));
      if (s == sources.end() || d == destinations.end()) {
        bool badSource = s == sources.end();
        diagnostics_.items.push_back(ast::diagnosticAt(
            Severity::Error, c.declaration->name.loc,
            "connection '" + c.declaration->name.text + "' in '" + c.owner->qualifiedName + "': Connection_Set names " +
                (badSource ? "source" : "destination") + " element " + text(badSource ? from : to) +
                ", which the " + (badSource ? "source" : "destination") + " does not have"));
        return;
      }
      connect(s->second, d->second, c, 0);
    }
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
  EndSet resolveEnds(const ComponentInstance& owner, const std::vector<ast::Name>& end) {
    EndSet out;
    if (end.empty()) return out;
    // Each candidate: where it is, and its indices level by level (outermost first).
    struct Partial {
      Node node;
      std::vector<ArrayIndices> levels;
    };
    std::vector<Partial> current;
    std::vector<std::vector<std::int64_t>> sizes;  // level by level, outermost first
    auto addLevel = [&](const std::vector<std::int64_t>& levelSizes) {
      if (!levelSizes.empty()) sizes.push_back(levelSizes);
    };
    // One level down: from each candidate to its features (or members) named
    // `name`, all candidates with the same array sizes; false if one has none.
    auto descend = [&](const std::string& name, auto featuresOf) {
      std::vector<Partial> reached;
      for (const Partial& p : current) {
        auto found = featuresNamed(featuresOf(p), name);
        if (found.empty()) return false;
        if (&p == &current.front()) addLevel(found.front()->arraySizes);
        for (const FeatureInstance* f : found) {
          Partial q{Node{f, nullptr}, p.levels};
          q.levels.push_back(f->indices);
          reached.push_back(std::move(q));
        }
      }
      current = std::move(reached);
      return true;
    };
    std::vector<const FeatureInstance*> features = featuresNamed(owner.features, end[0].text);
    std::size_t next = 1;
    bool throughGroup = !features.empty() && !features.front()->members.empty();
    if (features.empty() || (end.size() > 1 && !throughGroup)) {
      const auto* components = children(owner, end[0].text);
      if (!components) return out;
      addLevel(components->front()->arraySizes);
      for (const ComponentInstance* c : *components) current.push_back({Node{nullptr, c}, {c->indices}});
      if (end.size() == 1) return finish(current, sizes);
      if (!descend(end[1].text, [](const Partial& p) -> const auto& { return p.node.component->features; })) {
        // `queue.items`: a data component inside a data subcomponent, which access connections reach.
        if (end.size() != 2) return out;
        std::vector<Partial> inner;
        for (const Partial& p : current)
          if (p.node.component->category == ComponentCategory::Data)
            if (const auto* found = children(*p.node.component, end[1].text)) {
              if (&p == &current.front()) addLevel(found->front()->arraySizes);
              for (const ComponentInstance* c : *found) {
                Partial q{Node{nullptr, c}, p.levels};
                q.levels.push_back(c->indices);
                inner.push_back(std::move(q));
              }
            }
        if (inner.empty()) return out;
        return finish(inner, sizes);
      }
      next = 2;
    } else {
      addLevel(features.front()->arraySizes);
      for (const FeatureInstance* f : features) current.push_back({Node{f, nullptr}, {f->indices}});
    }
    for (; next < end.size(); ++next)
      if (!descend(end[next].text, [](const Partial& p) -> const auto& { return p.node.feature->members; })) return out;
    return finish(current, sizes);
  }

  // Indices and sizes from the end up (the innermost level first), as OSATE orders them.
  template <typename Partials>
  static EndSet finish(const Partials& partials, std::vector<std::vector<std::int64_t>> sizes) {
    EndSet out;
    for (auto it = sizes.rbegin(); it != sizes.rend(); ++it) out.sizes.insert(out.sizes.end(), it->begin(), it->end());
    for (const auto& p : partials) {
      ArrayIndices indices;
      for (auto it = p.levels.rbegin(); it != p.levels.rend(); ++it) indices.insert(indices.end(), it->begin(), it->end());
      out.elements.emplace_back(p.node, std::move(indices));
    }
    return out;
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
    // A data component inside a data subcomponent (`q.items`) is named a level further up.
    for (const Edge& e : edges_.find(origin)->second)
      if (e.connection->owner == firstIn || (origin.component && e.connection->owner == firstIn->parent))
        follow(origin, e, path, seen);
  }

  void follow(const Node& origin, const Edge& edge, std::vector<const ConnectionInstance*>& path,
              std::unordered_set<Node, NodeHash>& seen) {
    if (edge.to.feature && !passes(*edge.to.feature, edge.connection->owner != edge.to.feature->owner)) return;
    if (!seen.insert(edge.to).second) return;
    path.push_back(edge.connection);
    auto onward = next(edge.to, edge.connection->owner, edge.connection);
    if (onward.empty()) {
      // A root feature reached from inside is a destination only if it sends out.
      // An access feature has no flow direction: OSATE's instance ends a bidirectional
      // access connection at the root's requires access too (CASE's MissionComputer).
      bool intoRoot = edge.to.feature && !edge.to.feature->owner->parent;
      if (!intoRoot || canSend(*edge.to.feature) || (edge.connection->ends->bidirectional && isAccess(*edge.to.feature)))
        record(origin, edge.to, path);
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
  Diagnostics& diagnostics_;
  std::unordered_map<Node, std::vector<Edge>, NodeHash> edges_;
  // For each feature, the components whose connections lead into it.
  std::unordered_map<const FeatureInstance*, std::unordered_set<const ComponentInstance*>> fedFrom_;
  std::unordered_map<const ComponentInstance*, std::unordered_map<std::string, std::vector<const ComponentInstance*>>>
      children_;
};

}  // namespace

void resolveSemanticConnections(Instantiation& instantiation, Diagnostics& diagnostics) {
  Tracer(instantiation, diagnostics).run();
}

}  // namespace bulkhead::model
