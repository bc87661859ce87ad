// Mixed batches (seed 004 batches (event, topic, key) tuples): events of several types in one
// publish_batch, each to its own topic with its own key, read back by kcat (an independent client).
#include "kafka_fixture.hpp"

#include <events/catalog/contract.hpp>

#include <map>
#include <vector>

TEST_SUITE("kafka") {
  TEST_CASE("producer: a mixed batch of (event, topic, key) - every type where its entry says, results in order") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    cluster.create_topic({"mixed-audit", 1, 1});  // one partition: read back in the order sent

    const auto user = events::uuid::v4();
    auto created = kt::task_created(1, user);
    auto due = events::make_event(events::ReminderDuePayload{.reminder_id = events::uuid::v4(), .task_id = created.payload.task_id,
                                                             .user_id = user, .title = "Buy milk", .due_at = events::now(),
                                                             .notification_channel = "push"});
    auto todo = events::make_flat_event(events::TodoCreated{.todo_id = events::uuid::v4(), .user_id = user, .title = "Milk",
                                                            .description = std::nullopt, .priority = "high",
                                                            .due_date = std::nullopt});
    events::TaskEvent contract{.id = events::uuid::v4(), .event_type = events::TaskOperation::created, .task_id = 7,
                               .task_data = std::nullopt, .user_id = "user-7", .timestamp = events::now()};
    auto invalid = kt::task_created(2, user);
    invalid.payload.title = std::string();  // refused before it is sent: string_too_short

    events::kafka::producer out(cfg, {.source = "/batch-test"});
    std::vector<events::kafka::batch_entry> batch{
        {created},                                   // its own topic and key
        {due, "reminders", "user:" + user.to_string()},  // a key of the caller's
        {todo, "mixed-audit"},                       // another topic, its own key
        {invalid, "mixed-audit", "never-sent"},
        {contract, "", "contract-key"},              // seed 003's message: its topic, our key
        {created, "mixed-audit", "second-copy"},
    };
    CHECK(batch[1].type() == "reminder.due");
    CHECK(batch[2].topic() == "mixed-audit");
    auto results = out.publish_batch(batch);
    REQUIRE(results.size() == batch.size());
    CHECK(results[0].ok());
    CHECK(results[0].topic == "task-events");
    CHECK(results[0].event_id == created.event_id.to_string());
    CHECK(results[1].ok());
    CHECK(results[1].topic == "reminders");
    CHECK(results[2].ok());
    CHECK(results[2].topic == "mixed-audit");
    CHECK_FALSE(results[3].ok());  // the one invalid entry fails alone, in its place
    CHECK(results[3].event_id == invalid.event_id.to_string());
    CHECK(results[3].error.find("string_too_short") != std::string::npos);
    CHECK(results[4].ok());
    CHECK(results[4].topic == "task-events");
    CHECK(results[5].ok());

    // What kcat reads: topic, key, ce_type and the value, per topic in the order sent.
    auto read = [&](const std::string& topic) {
      return kt::lines(kt::kcat(cluster, "-C -t " + topic + " -o beginning -e -q -f '%t\\t%k\\t%h\\t%s\\n'"));
    };
    auto field = [](const std::string& line, int n) {
      std::size_t at = 0;
      for (int i = 0; i < n; ++i) at = line.find('\t', at) + 1;
      return line.substr(at, n == 3 ? std::string::npos : line.find('\t', at) - at);
    };
    auto tasks = read("task-events");  // several partitions: matched by key
    REQUIRE(tasks.size() == 2);
    std::map<std::string, std::string> by_key;
    for (const auto& l : tasks) by_key[field(l, 1)] = l;
    REQUIRE(by_key.count(created.payload.task_id.to_string()) == 1);
    REQUIRE(by_key.count("contract-key") == 1);
    const auto& own = by_key[created.payload.task_id.to_string()];
    CHECK(field(own, 2).find("ce_type=task.created,") != std::string::npos);
    CHECK(field(own, 3) == created.to_json());
    const auto& seed003 = by_key["contract-key"];
    CHECK(field(seed003, 2).find("ce_type=TaskEvent,") != std::string::npos);
    CHECK(field(seed003, 3) == events::to_json(contract));
    auto reminders = read("reminders");
    REQUIRE(reminders.size() == 1);
    CHECK(field(reminders[0], 1) == "user:" + user.to_string());
    CHECK(field(reminders[0], 3) == due.to_json());
    auto audit = read("mixed-audit");
    REQUIRE(audit.size() == 2);  // the invalid entry never reached the broker
    CHECK(field(audit[0], 1) == todo.payload.todo_id.to_string());
    CHECK(field(audit[0], 2).find("ce_type=TodoCreated,") != std::string::npos);
    CHECK(field(audit[0], 3) == todo.to_json());
    CHECK(field(audit[1], 1) == "second-copy");
    CHECK(field(audit[1], 3) == created.to_json());
    CHECK(read("todos").empty());  // the todo went where its entry said, not to its own topic
  }

  TEST_CASE("producer: a mixed batch written in place, and a batch-wide option under the entries'") {
    events::kafka::embedded_cluster cluster;
    auto cfg = kt::client_config(cluster);
    cluster.create_topic({"batch-wide", 1, 1});
    cluster.create_topic({"batch-own", 1, 1});
    const auto user = events::uuid::v4();
    auto a = kt::task_created(1, user);
    auto b = events::make_event(events::TaskDeletedPayload{.task_id = a.payload.task_id, .user_id = user,
                                                           .deleted_at = events::now(), .reason = "done"});
    events::kafka::producer out(cfg, {.source = "/batch-test"});
    auto results = out.publish_batch({{a}, {b, "batch-own"}}, {.topic = "batch-wide", .key = "wide-key"});
    REQUIRE(results.size() == 2);
    CHECK(results[0].ok());
    CHECK(results[0].topic == "batch-wide");
    CHECK(results[1].topic == "batch-own");
    auto wide = kt::lines(kt::kcat(cluster, "-C -t batch-wide -o beginning -e -q -f '%k\\t%s\\n'"));
    REQUIRE(wide.size() == 1);
    CHECK(wide[0] == "wide-key\t" + a.to_json());
    auto own = kt::lines(kt::kcat(cluster, "-C -t batch-own -o beginning -e -q -f '%k\\t%s\\n'"));
    REQUIRE(own.size() == 1);
    CHECK(own[0] == "wide-key\t" + b.to_json());  // its topic from the entry, its key from the batch
  }
}
