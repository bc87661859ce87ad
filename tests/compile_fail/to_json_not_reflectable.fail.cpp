// A class with constructors and private members is not reflectable: to_json refuses it by name.
// expect: events: to_json needs a plain aggregate
#include <events/events.hpp>

class Account {
 public:
  explicit Account(int id) : id_(id) {}

 private:
  int id_;
};

int main() { return static_cast<int>(events::to_json(Account{1}).size()); }
