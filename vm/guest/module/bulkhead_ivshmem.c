// SPDX-License-Identifier: GPL-2.0
/*
 * bulkhead_ivshmem: the guest side of a bulkhead channel (design section 6).
 *
 * Binds QEMU's ivshmem-doorbell device (PCI 1af4:1110 with MSI-X) and
 * registers one uio device per PCI device, so the partition program sees
 * each channel endpoint as /dev/uioN:
 *   - uio map 0 is BAR2, the channel region the supervisor created;
 *   - a blocking read() returns the event count: the supervisor (or a peer
 *     VM) wrote our eventfd and QEMU raised MSI-X vector 0;
 *   - write() of a 32-bit peer id rings every vector of that peer through
 *     the Doorbell register (BAR0 + 12, (peer << 16) | vector). The
 *     supervisor always appears as peer 0; it wires each vector to one
 *     receiver, so a fan-out is one write.
 * The stock uio_pci_generic cannot be used: QEMU's doorbell device has no
 * INTx line, only MSI-X.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/uio_driver.h>

#define BH_DOORBELL 12

struct bh_channel {
	struct uio_info info;
	void __iomem *registers;
	int vectors;
};

static irqreturn_t bh_interrupt(int irq, void *arg)
{
	struct bh_channel *ch = arg;

	uio_event_notify(&ch->info);
	return IRQ_HANDLED;
}

/* uio calls irqcontrol for every 32-bit write() to /dev/uioN. */
static int bh_ring(struct uio_info *info, s32 peer)
{
	struct bh_channel *ch = container_of(info, struct bh_channel, info);
	int vector;

	if (peer < 0 || peer > 0xffff)
		return -EINVAL;
	for (vector = 0; vector < ch->vectors; vector++)
		writel(((u32)peer << 16) | (u32)vector, ch->registers + BH_DOORBELL);
	return 0;
}

static int bh_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct bh_channel *ch;
	int err;

	ch = devm_kzalloc(&pdev->dev, sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	err = pcim_enable_device(pdev);
	if (err)
		return err;
	/* An MSI-X message is a bus-master write: QEMU drops it otherwise. */
	pci_set_master(pdev);
	err = pcim_iomap_regions(pdev, BIT(0), "bulkhead_ivshmem");
	if (err)
		return err;
	ch->registers = pcim_iomap_table(pdev)[0];
	ch->vectors = pci_msix_vec_count(pdev);
	if (ch->vectors <= 0) {
		dev_err(&pdev->dev, "no MSI-X: an ivshmem-plain device? bulkhead needs ivshmem-doorbell\n");
		return -ENODEV;
	}
	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSIX);
	if (err < 0)
		return err;
	err = devm_request_irq(&pdev->dev, pci_irq_vector(pdev, 0), bh_interrupt, 0, "bulkhead_ivshmem", ch);
	if (err)
		goto free_vectors;

	ch->info.name = "bulkhead_ivshmem";
	ch->info.version = "1";
	ch->info.mem[0].name = "channel";
	ch->info.mem[0].addr = pci_resource_start(pdev, 2);
	ch->info.mem[0].size = pci_resource_len(pdev, 2);
	ch->info.mem[0].memtype = UIO_MEM_PHYS;
	ch->info.irq = UIO_IRQ_CUSTOM;
	ch->info.irqcontrol = bh_ring;
	err = uio_register_device(&pdev->dev, &ch->info);
	if (err)
		goto free_irq;
	pci_set_drvdata(pdev, ch);
	return 0;

free_irq:
	devm_free_irq(&pdev->dev, pci_irq_vector(pdev, 0), ch);
free_vectors:
	pci_free_irq_vectors(pdev);
	return err;
}

static void bh_remove(struct pci_dev *pdev)
{
	struct bh_channel *ch = pci_get_drvdata(pdev);

	uio_unregister_device(&ch->info);
	devm_free_irq(&pdev->dev, pci_irq_vector(pdev, 0), ch);
	pci_free_irq_vectors(pdev);
}

static const struct pci_device_id bh_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x1110) },
	{ 0 }
};
MODULE_DEVICE_TABLE(pci, bh_ids);

static struct pci_driver bh_driver = {
	.name = "bulkhead_ivshmem",
	.id_table = bh_ids,
	.probe = bh_probe,
	.remove = bh_remove,
};
module_pci_driver(bh_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("bulkhead channel: ivshmem-doorbell as uio with MSI-X events");
