// Drives the management endpoint with tencentcloud-sdk-nodejs-common's CommonClient, unchanged: create a rule,
// register a function, poll DescribeTaskStatus, read it back with DescribeTargets, modify, deregister, and check
// that errors arrive as SDK exceptions with their code; with DATA, each change is also checked by a plain HTTP request
// through clb serve's data plane. Usage: node api-node.mjs http://127.0.0.1:PORT ID KEY [WRONGKEY [DATA]]
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import assert from "node:assert/strict";
import http from "node:http";

const [url, secretId, secretKey, wrongKey, data] = process.argv.slice(2);
const endpoint = new URL(url).host;
const client = (key) => new CommonClient("clb.tencentcloudapi.com", "2018-03-17", {
  credential: { secretId, secretKey: key },
  region: "ap-guangzhou",
  profile: { httpProfile: { endpoint, protocol: "http://" } },
});
const clb = client(secretKey);
const lb = "lb-node";

async function code(promise) {
  try {
    await promise;
    return "";
  } catch (e) {
    return e.code || `no code: ${e}`;
  }
}

async function waitFor(taskId) {
  for (let i = 0; i < 500; i++) {
    const s = await clb.request("DescribeTaskStatus", { TaskId: taskId });
    assert.deepEqual(s.LoadBalancerIds, [lb]);
    if (s.Status !== 2) return s.Status;
    await new Promise((r) => setTimeout(r, 100));   // 10 calls/s at most: the endpoint allows 20 per action per second
  }
  throw new Error(`task ${taskId} never finished`);
}

async function bindingOf(locationId) {
  const t = await clb.request("DescribeTargets", { LoadBalancerId: lb, ListenerIds: ["lbl-http"] });
  const rule = t.Listeners[0].Rules.find((r) => r.LocationId === locationId);
  assert.ok(rule, `rule ${locationId} in DescribeTargets`);
  return rule.FunctionTargets.map((f) => `${f.Function.FunctionName}:${f.Function.FunctionQualifier}@${f.Weight}`);
}

/** POSTs {"name":"Node"} to the data plane with Host: localhost (the rule's domain); resolves to [status, body]. */
function through(path) {
  const target = new URL(path, data);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST",
      headers: { Host: "localhost", "Content-Type": "application/json" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => { body += c; });
      res.on("end", () => resolve([res.statusCode, body]));
    });
    req.on("error", reject);
    req.end(JSON.stringify({ name: "Node" }));
  });
}

async function served(path, status, check) {
  if (!data) return;
  const [got, body] = await through(path);
  assert.equal(got, status, `${path} through the data plane: ${body}`);
  if (check) check(JSON.parse(body));
}

const fn = (name, weight) => ({
  Function: { FunctionNamespace: "default", FunctionName: name, FunctionQualifier: "$LATEST" }, Weight: weight,
});

const created = await clb.request("CreateRule", {
  LoadBalancerId: lb, ListenerId: "lbl-http", Rules: [{ Domain: "localhost", Url: "/node" }],
});
const loc = created.LocationIds[0];
assert.match(loc, /^loc-[a-z0-9]{8}$/);
assert.equal(await waitFor(created.RequestId), 0);

const reg = await clb.request("RegisterFunctionTargets", {
  LoadBalancerId: lb, ListenerId: "lbl-http", LocationId: loc, FunctionTargets: [fn("hello", 10)],
});
assert.equal(await waitFor(reg.RequestId), 0);
assert.deepEqual(await bindingOf(loc), ["hello:$LATEST@10"]);
await served("/node", 200, (b) => assert.equal(b.message, "Hello, Node!"));

const mod = await clb.request("ModifyFunctionTargets", {
  LoadBalancerId: lb, ListenerId: "lbl-http", Domain: "localhost", Url: "/node", FunctionTargets: [fn("other", 60)],
});
assert.equal(await waitFor(mod.RequestId), 0);
assert.deepEqual(await bindingOf(loc), ["other:$LATEST@60"]);
await served("/node", 200, (b) => assert.equal(b.version, "1"));

const dereg = await clb.request("DeregisterFunctionTargets", {
  LoadBalancerId: lb, ListenerId: "lbl-http", LocationId: loc, FunctionTargets: [fn("other", 60)],
});
assert.equal(await waitFor(dereg.RequestId), 0);
assert.deepEqual(await bindingOf(loc), []);
await served("/node", 503, (b) => assert.equal(b.errno, 503));

const errors = {
  "InvalidParameter.LBIdNotFound": () => clb.request("DescribeTargets", { LoadBalancerId: "lb-nope" }),
  "ResourceNotFound": () => clb.request("RegisterFunctionTargets", {
    LoadBalancerId: lb, ListenerId: "lbl-http", LocationId: loc, FunctionTargets: [fn("ghost", 10)] }),
  "InvalidParameter.ProtocolCheckFailed": () => clb.request("CreateRule", {
    LoadBalancerId: lb, ListenerId: "lbl-tcp", Rules: [{ Domain: "localhost", Url: "/x" }] }),
  "UnknownParameter": () => clb.request("DescribeTargets", { LoadBalancerId: lb, Bogus: 1 }),
  "InvalidAction": () => clb.request("DescribeEverything", {}),
};
for (const [expected, call] of Object.entries(errors)) {
  assert.equal(await code(call()), expected);
}
if (wrongKey) {
  assert.equal(await code(client(wrongKey).request("DescribeLoadBalancers", {})), "AuthFailure.SignatureFailure");
}
console.log("api-node: CommonClient round trip and error codes OK against " + url
  + (data ? ", each change served through " + data : ""));
