# A Python service against `events kafka serve` (Debian: apt install python3-confluent-kafka).
# Seed 000's producer and consumer, on confluent-kafka: JSON value, the entity id as the key,
# murmur2 partitioning (aiokafka's and the C++ producer's), naive utcnow() times.
import json, sys, uuid
from datetime import datetime
from confluent_kafka import Consumer, Producer

bootstrap = sys.argv[1]                      # what `events kafka serve` printed
todo_id = str(uuid.uuid4())
event = {"event_id": str(uuid.uuid4()), "event_type": "TodoCreated", "event_version": "1.0",
         "timestamp": datetime.utcnow().isoformat(), "correlation_id": None,
         "todo_id": todo_id, "user_id": str(uuid.uuid4()), "title": "Buy milk", "description": None,
         "priority": "medium", "due_date": None}
producer = Producer({"bootstrap.servers": bootstrap, "partitioner": "murmur2_random"})
producer.produce("todos", key=todo_id.encode(), value=json.dumps(event).encode())
producer.flush(10)

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-service", "auto.offset.reset": "earliest"})
consumer.subscribe(["todos"])
while (msg := consumer.poll(1.0)) is None or msg.error() or json.loads(msg.value())["event_id"] != event["event_id"]:
    pass
print("python read", json.loads(msg.value())["event_type"], "from partition", msg.partition())
consumer.close()
