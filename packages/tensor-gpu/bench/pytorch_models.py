# The benchmark's PyTorch baseline: the same models as test/fixtures/models.ts (batch 64), served to the benchmark
# as one long-lived process so its start-up is never timed. Commands on stdin, one JSON line back for each:
#   "<arm> N"  ->  {"ms": [N per-step wall times]}, arms: mlp, cnn, cnn_cl (the CNN in channels_last format) and
#   cnn_nodnn, cnn_cl_nodnn (the same with oneDNN off: PyTorch's own kernels, faster than oneDNN 2.6 on some CPUs)
import json, sys, time
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)
loss_fn = nn.CrossEntropyLoss()


def trainer(model, opt, x, y, onednn=True):
    def step():
        with torch.backends.mkldnn.flags(enabled=onednn):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
    for _ in range(5):
        step()
    return step


def mlp():
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    return trainer(m, torch.optim.SGD(m.parameters(), lr=0.05), torch.rand(64, 784), torch.randint(0, 10, (64,)))


def cnn(channels_last, onednn=True):
    m = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.BatchNorm2d(32), nn.Flatten(), nn.Linear(7 * 7 * 32, 10),
    )
    x = torch.rand(64, 1, 28, 28)
    if channels_last:
        m = m.to(memory_format=torch.channels_last)
        x = x.to(memory_format=torch.channels_last)
    return trainer(m, torch.optim.Adam(m.parameters(), lr=1e-3), x, torch.randint(0, 10, (64,)), onednn)


steps = {"mlp": mlp(), "cnn": cnn(False), "cnn_cl": cnn(True)}
steps.update(cnn_nodnn=cnn(False, onednn=False), cnn_cl_nodnn=cnn(True, onednn=False))
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    name, count = line.split()
    times = []
    for _ in range(int(count)):
        start = time.perf_counter()
        steps[name]()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"ms": times}), flush=True)
