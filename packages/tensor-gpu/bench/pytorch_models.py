# The benchmark's PyTorch baseline: the same two models as test/fixtures/models.ts, batch 64, ms per training step.
import json, sys, time
import torch
import torch.nn as nn

torch.manual_seed(0)
budget = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def timed(step):
    """Wall and CPU milliseconds per step (CPU time is the figure other processes on the machine disturb least)."""
    for _ in range(5):
        step()
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < budget:
        step()
        n += 1
    return (time.perf_counter() - start) * 1000 / n, (time.process_time() - cpu) * 1000 / n


mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
sgd = torch.optim.SGD(mlp.parameters(), lr=0.05)
x1, y1 = torch.rand(64, 784), torch.randint(0, 10, (64,))

cnn = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.BatchNorm2d(32), nn.Flatten(), nn.Linear(7 * 7 * 32, 10),
)
adam = torch.optim.Adam(cnn.parameters(), lr=1e-3)
x2, y2 = torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))
loss_fn = nn.CrossEntropyLoss()


def train(model, opt, x, y):
    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


mlp_ms, mlp_cpu = timed(train(mlp, sgd, x1, y1))
cnn_ms, cnn_cpu = timed(train(cnn, adam, x2, y2))
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                  "mlp_ms": mlp_ms, "mlp_cpu_ms": mlp_cpu, "cnn_ms": cnn_ms, "cnn_cpu_ms": cnn_cpu}))
