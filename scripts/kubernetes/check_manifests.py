"""Validates the Kubernetes manifests of deploy/kubernetes offline, without a cluster.

    check_manifests.py --settings-from=SAGASHOP_HELP_FILE [--each-must-fail] DIR...

1. Every object against the Kubernetes JSON schemas that the kubernetes-validate package ships,
   strictly (an unknown field is an error), for the oldest and the newest Kubernetes version we
   support. A kind it has no schema for is an error, except the ServiceMonitor (a CRD), which is
   checked against the prometheus-operator model of cloudcoil-models-prometheus-operator: its
   types, enums and patterns come from the CRD's schema, and a field the model drops is unknown.
2. The kustomization lists exactly the YAML files of DIR.
3. The objects agree with each other and with sagashop: every ConfigMap, Secret and key a pod
   names exists; Services, PodDisruptionBudgets, NetworkPolicies and ServiceMonitors select a
   Deployment's pods and name ports that exist; each container has memory and CPU requests and a
   memory limit, a liveness probe on /health and a readiness probe on /ready over HTTPS; every
   SAGASHOP_* variable is a setting that `sagashop --help` lists.

Prints each problem and exits 1 if there is any; with --each-must-fail, exits 1 unless every
DIR has one (a broken copy that passes means a check that no longer checks).
"""

import argparse
import functools
import os
import re
import sys

import kubernetes_validate.utils as kv
import pydantic
import yaml
from cloudcoil.models.prometheus_operator.v1 import ServiceMonitor

# Each object reads the same few schema files again: read each once.
kv.schema_contents = functools.lru_cache(maxsize=None)(kv.schema_contents)
# libyaml's parser where PyYAML has it, which is many times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The oldest Kubernetes version the manifests must work on, and the newest the schemas know.
KUBERNETES_VERSIONS = ("1.29", kv.latest_version())

PROBLEMS = []


def problem(where, message):
    PROBLEMS.append(f"{where}: {message}")


def name_of(obj):
    return f"{obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}"


def load(directory):
    """The objects of every YAML file in DIR but the kustomization, each with its file name."""
    objects = []
    for file in sorted(os.listdir(directory)):
        if not file.endswith((".yaml", ".yml")) or file == "kustomization.yaml":
            continue
        with open(os.path.join(directory, file), encoding="utf-8") as stream:
            try:
                documents = [doc for doc in yaml.load_all(stream, Loader=YAML_LOADER)
                             if doc is not None]
            except yaml.YAMLError as error:
                problem(file, f"not YAML: {error}")
                continue
        for doc in documents:
            if not isinstance(doc, dict) or not all(k in doc for k in ("apiVersion", "kind")):
                problem(file, "a document without apiVersion and kind")
                continue
            objects.append((file, doc))
    return objects


# --- 1. schemas -----------------------------------------------------------------------------


def unknown_fields(given, kept, path=""):
    """The paths of `given` that the model dropped when it kept `kept`."""
    if isinstance(given, dict):
        for key, value in given.items():
            if not isinstance(kept, dict) or key not in kept:
                yield f"{path}.{key}".lstrip(".")
            else:
                yield from unknown_fields(value, kept[key], f"{path}.{key}")
    elif isinstance(given, list) and isinstance(kept, list):
        for i, (value, kept_value) in enumerate(zip(given, kept)):
            yield from unknown_fields(value, kept_value, f"{path}[{i}]")


def check_service_monitor(file, obj):
    where = f"{file} {name_of(obj)}"
    try:
        model = ServiceMonitor.model_validate(obj)
    except pydantic.ValidationError as error:
        for detail in error.errors():
            field = ".".join(str(part) for part in detail["loc"])
            problem(where, f"{field}: {detail['msg']}")
        return
    kept = model.model_dump(by_alias=True, exclude_unset=True, mode="json")
    for field in unknown_fields(obj, kept):
        problem(where, f"{field}: not a field of ServiceMonitor")


CRD_CHECKS = {("monitoring.coreos.com/v1", "ServiceMonitor"): check_service_monitor}


def check_schema(file, obj):
    crd_check = CRD_CHECKS.get((obj["apiVersion"], obj["kind"]))
    if crd_check:
        crd_check(file, obj)
        return
    for version in KUBERNETES_VERSIONS:
        try:
            kv.validate(obj, version, strict=True)
        except kv.ValidationError as error:
            field = ".".join(str(part) for part in error.path)
            problem(f"{file} {name_of(obj)}", f"Kubernetes {version}: {field}: {error.message}")
            return
        except kv.SchemaNotFoundError as error:
            problem(f"{file} {name_of(obj)}", error.message)
            return


# --- 2. the kustomization -------------------------------------------------------------------


def check_kustomization(directory):
    path = os.path.join(directory, "kustomization.yaml")
    if not os.path.exists(path):
        problem(directory, "no kustomization.yaml")
        return None
    with open(path, encoding="utf-8") as stream:
        kustomization = yaml.load(stream, Loader=YAML_LOADER) or {}
    listed = kustomization.get("resources") or []
    present = sorted(
        f for f in os.listdir(directory)
        if f.endswith((".yaml", ".yml")) and f != "kustomization.yaml")
    for file in listed:
        if file not in present:
            problem("kustomization.yaml", f"lists {file}, which does not exist")
    for file in present:
        if file not in listed:
            problem("kustomization.yaml", f"does not list {file}")
    return kustomization.get("namespace")


# --- 3. references --------------------------------------------------------------------------


def selects(selector, labels):
    match = (selector or {}).get("matchLabels", selector or {})
    return bool(match) and all(labels.get(k) == v for k, v in match.items())


class Cluster:
    """The objects by kind and name, and what a pod can name."""

    def __init__(self, objects):
        self.by_kind = {}
        for file, obj in objects:
            self.by_kind.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = (file, obj)

    def objects(self, kind):
        return self.by_kind.get(kind, {}).values()

    def keys_of(self, kind, name):
        found = self.by_kind.get(kind, {}).get(name)
        if not found:
            return None
        obj = found[1]
        return set(obj.get("data") or {}) | set(obj.get("stringData") or {})

    def deployments_selected_by(self, selector):
        return [obj for _, obj in self.objects("Deployment")
                if selects(selector, obj["spec"]["template"]["metadata"].get("labels", {}))]


def check_key_ref(cluster, where, kind, ref):
    keys = cluster.keys_of(kind, ref.get("name"))
    if keys is None:
        problem(where, f"names {kind} {ref.get('name')}, which no manifest defines")
    elif "key" in ref and ref["key"] not in keys:
        problem(where, f"names key {ref['key']} of {kind} {ref['name']}, which it does not have")


def check_probe(where, container, probe_name, path, port_names):
    probe = container.get(probe_name)
    get = (probe or {}).get("httpGet") or {}
    if get.get("path") != path or get.get("scheme") != "HTTPS":
        problem(where, f"{probe_name} must be an HTTPS GET of {path}")
    elif get.get("port") not in port_names:
        problem(where, f"{probe_name} names port {get.get('port')}, which the container lacks")


def check_container(cluster, where, container, volumes, settings):
    ports = container.get("ports") or []
    port_names = {p.get("name") for p in ports} | {p.get("containerPort") for p in ports}
    check_probe(where, container, "livenessProbe", "/health", port_names)
    check_probe(where, container, "readinessProbe", "/ready", port_names)
    resources = container.get("resources") or {}
    for part, needed in (("requests", ("cpu", "memory")), ("limits", ("memory",))):
        for resource in needed:
            if resource not in (resources.get(part) or {}):
                problem(where, f"no {resource} in resources.{part}")
    for source in container.get("envFrom") or []:
        if "configMapRef" in source:
            check_key_ref(cluster, where, "ConfigMap", source["configMapRef"])
        if "secretRef" in source:
            check_key_ref(cluster, where, "Secret", source["secretRef"])
    names = [env["name"] for env in container.get("env") or []]
    for env in container.get("env") or []:
        value_from = env.get("valueFrom") or {}
        if "configMapKeyRef" in value_from:
            check_key_ref(cluster, where, "ConfigMap", value_from["configMapKeyRef"])
        if "secretKeyRef" in value_from:
            check_key_ref(cluster, where, "Secret", value_from["secretKeyRef"])
    for source in container.get("envFrom") or []:
        name = (source.get("configMapRef") or {}).get("name")
        names += sorted(cluster.keys_of("ConfigMap", name) or []) if name else []
    for name in names:
        if name.startswith("SAGASHOP_") and name not in settings:
            problem(where, f"{name} is not a setting of sagashop (see `sagashop --help`)")
    for mount in container.get("volumeMounts") or []:
        if mount.get("name") not in volumes:
            problem(where, f"mounts volume {mount.get('name')}, which the pod does not have")


def check_deployment(cluster, file, obj, settings):
    spec = obj["spec"]
    labels = spec["template"]["metadata"].get("labels", {})
    if not selects(spec["selector"], labels):
        problem(f"{file} {name_of(obj)}", "its selector does not select its own pods")
    pod = spec["template"]["spec"]
    volumes = {}
    for volume in pod.get("volumes") or []:
        volumes[volume["name"]] = volume
        if "secret" in volume:
            check_key_ref(cluster, f"{file} {name_of(obj)} volume {volume['name']}", "Secret",
                          {"name": volume["secret"].get("secretName")})
        if "configMap" in volume:
            check_key_ref(cluster, f"{file} {name_of(obj)} volume {volume['name']}", "ConfigMap",
                          {"name": volume["configMap"].get("name")})
    for container in pod.get("containers") or []:
        check_container(cluster, f"{file} {name_of(obj)} container {container.get('name')}",
                        container, volumes, settings)


def container_ports(deployments):
    ports = set()
    for deployment in deployments:
        for container in deployment["spec"]["template"]["spec"].get("containers") or []:
            for port in container.get("ports") or []:
                ports |= {port.get("name"), port.get("containerPort")}
    return ports


def check_references(cluster, namespace, settings):
    for file, obj in cluster.objects("Deployment"):
        check_deployment(cluster, file, obj, settings)
    for file, obj in cluster.objects("Service"):
        where = f"{file} {name_of(obj)}"
        pods = cluster.deployments_selected_by(obj["spec"].get("selector"))
        if not pods:
            problem(where, "selects no Deployment's pods")
        for port in obj["spec"].get("ports") or []:
            if port.get("targetPort") not in container_ports(pods):
                problem(where, f"targetPort {port.get('targetPort')} is no port of its pods")
    for kind in ("PodDisruptionBudget", "NetworkPolicy"):
        for file, obj in cluster.objects(kind):
            selector = obj["spec"].get("selector") or obj["spec"].get("podSelector")
            if selector == {}:
                continue  # the namespace's default policy: every pod
            pods = cluster.deployments_selected_by(selector)
            if not pods:
                problem(f"{file} {name_of(obj)}", "selects no Deployment's pods")
            for rule in obj["spec"].get("ingress") or []:
                for port in rule.get("ports") or []:
                    if port.get("port") not in container_ports(pods):
                        problem(f"{file} {name_of(obj)}",
                                f"lets in port {port.get('port')}, which its pods do not serve")
    for file, obj in cluster.objects("HorizontalPodAutoscaler"):
        target = obj["spec"]["scaleTargetRef"]
        if target.get("kind") != "Deployment" or target.get("name") not in cluster.by_kind.get(
                "Deployment", {}):
            problem(f"{file} {name_of(obj)}", f"scales {target.get('name')}, no Deployment here")
    for file, obj in cluster.objects("ServiceMonitor"):
        where = f"{file} {name_of(obj)}"
        services = [svc for _, svc in cluster.objects("Service")
                    if selects(obj["spec"].get("selector"), svc["metadata"].get("labels", {}))]
        if not services:
            problem(where, "selects no Service")
        service_ports = {p.get("name") for svc in services for p in svc["spec"].get("ports", [])}
        for endpoint in obj["spec"].get("endpoints") or []:
            if endpoint.get("port") not in service_ports:
                problem(where, f"scrapes port {endpoint.get('port')}, which its Services lack")
            ca = ((endpoint.get("tlsConfig") or {}).get("ca") or {}).get("secret")
            if ca:
                check_key_ref(cluster, where, "Secret", ca)
    for kind in cluster.by_kind:
        for file, obj in cluster.objects(kind):
            actual = obj["metadata"].get("namespace")
            if kind != "Namespace" and actual != namespace:
                problem(f"{file} {name_of(obj)}", f"in namespace {actual}, not {namespace}")


def settings_of(help_file):
    with open(help_file, encoding="utf-8") as stream:
        names = set(re.findall(r"\(Env:(SAGASHOP_[A-Z0-9_]+)\)", stream.read()))
    if not names:
        problem(help_file, "lists no setting (expected `sagashop --help` output)")
    return names


def check_directory(directory, settings):
    """The problems of the manifests in DIRECTORY."""
    PROBLEMS.clear()
    namespace = check_kustomization(directory)
    objects = load(directory)
    if not objects:
        problem(directory, "no Kubernetes object at all")
    for file, obj in objects:
        check_schema(file, obj)
    if not PROBLEMS:
        check_references(Cluster(objects), namespace, settings)
    kinds = sorted({obj["kind"] for _, obj in objects})
    for line in PROBLEMS:
        print(f"FAIL: {directory}: {line}")
    print(f"{directory}: {len(objects)} objects ({', '.join(kinds)}), {len(PROBLEMS)} problems; "
          f"schemas of Kubernetes {' and '.join(KUBERNETES_VERSIONS)}")
    return len(PROBLEMS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+", metavar="DIR")
    parser.add_argument("--settings-from", required=True,
                        help="a file holding the output of `sagashop --help`")
    parser.add_argument("--each-must-fail", action="store_true",
                        help="succeed only if every DIR has a problem (for broken copies)")
    args = parser.parse_args()

    settings = settings_of(args.settings_from)
    if PROBLEMS:
        print(f"FAIL: {PROBLEMS[0]}")
        return 1
    # One process for every directory: importing the CRD's model alone takes seconds.
    counts = {directory: check_directory(directory, settings) for directory in args.directories}
    if args.each_must_fail:
        passed = [directory for directory, count in counts.items() if count == 0]
        for directory in passed:
            print(f"NOT REFUSED: {directory}")
        return 1 if passed else 0
    return 1 if any(counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
